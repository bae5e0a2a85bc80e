package io.fluxgate.testplugins.alltypes;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest;

/** Allows every client config override. */
public class PermissiveOverridePolicy implements ConnectorClientConfigOverridePolicy {

    @Override
    public List<ConfigValue> validate(ConnectorClientConfigRequest request) {
        return request.clientProps().keySet().stream().map(ConfigValue::new).toList();
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public String version() {
        return "2.1.0";
    }
}
