package io.fluxgate.runtime.herder;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.runtime.config.ConnectorConfigDefs;

/** A connector configuration as a user submits it: its {@code name} must be the connector's, and is filled in. */
public final class SubmittedConfig {

    private SubmittedConfig() {
    }

    public static Map<String, String> withName(String connector, Map<String, String> config) {
        // In the user's order, with the name last when it was missing, as Kafka Connect writes it.
        Map<String, String> props = new LinkedHashMap<>(config);
        String name = props.get(ConnectorConfigDefs.NAME);
        if (name != null && !name.equals(connector)) {
            throw new HerderException(400, "Connector name configuration (" + name + ") doesn't match connector "
                    + "name in the URL (" + connector + ")");
        }
        props.put(ConnectorConfigDefs.NAME, connector);
        return props;
    }
}
