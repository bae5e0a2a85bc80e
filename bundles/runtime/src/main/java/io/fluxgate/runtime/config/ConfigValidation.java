package io.fluxgate.runtime.config;

import java.util.List;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.HerderException;

/**
 * The outcome of validating a connector configuration: Kafka Connect's {@link ConfigInfos} (what
 * {@code PUT /connector-plugins/{type}/config/validate} answers), with the kind and class of the connector validated.
 *
 * @param connectorClass the connector's full class name
 */
public record ConfigValidation(ConfigInfos infos, ConnectorType type, String connectorClass) {

    /** Every error message, in the order of the settings. */
    public List<String> errors() {
        return infos.errors();
    }

    /** Kafka's count, which is not always the number of messages: a converter's setting counts once. */
    public int errorCount() {
        return infos.errorCount();
    }

    /** Refuses an invalid configuration with Kafka Connect's 400 message listing each error. */
    public void throwIfInvalid() {
        if (infos.errorCount() == 0) {
            return;
        }
        StringBuilder message = new StringBuilder("Connector configuration is invalid and contains the following ")
                .append(infos.errorCount()).append(" error(s):");
        errors().forEach(error -> message.append('\n').append(error));
        message.append("\nYou can also find the above list of errors at the endpoint "
                + "`/connector-plugins/{connectorType}/config/validate`");
        throw new HerderException(400, message.toString());
    }
}
