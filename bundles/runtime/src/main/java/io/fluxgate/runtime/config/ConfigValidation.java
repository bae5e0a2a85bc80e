package io.fluxgate.runtime.config;

import java.util.List;

import org.apache.kafka.common.config.ConfigValue;

import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.HerderException;

/**
 * The outcome of validating a connector configuration: one value per setting, each with its errors (what
 * {@code PUT /connector-plugins/{type}/config/validate} reports).
 */
public record ConfigValidation(String connectorClass, ConnectorType type, List<ConfigValue> values) {

    public ConfigValidation {
        values = List.copyOf(values);
    }

    /** Every error message, in the order of the settings. */
    public List<String> errors() {
        return values.stream().flatMap(v -> v.errorMessages().stream()).toList();
    }

    public int errorCount() {
        return errors().size();
    }

    /** Refuses an invalid configuration with Kafka Connect's 400 message listing each error. */
    public void throwIfInvalid() {
        List<String> errors = errors();
        if (errors.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("Connector configuration is invalid and contains the following ")
                .append(errors.size()).append(" error(s):");
        errors.forEach(error -> message.append('\n').append(error));
        message.append("\nYou can also find the above list of errors at the endpoint "
                + "`/connector-plugins/{connectorType}/config/validate`");
        throw new HerderException(400, message.toString());
    }
}
