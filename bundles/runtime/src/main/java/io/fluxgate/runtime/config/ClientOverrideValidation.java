package io.fluxgate.runtime.config;

import static io.fluxgate.runtime.config.ConnectorConfigDefs.ADMIN_OVERRIDE_PREFIX;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.CONSUMER_OVERRIDE_PREFIX;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.DLQ_TOPIC_NAME;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.PRODUCER_OVERRIDE_PREFIX;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest.ClientType;
import org.apache.kafka.connect.health.ConnectorType;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.HerderException;

/**
 * The connector's {@code producer.override.*}, {@code consumer.override.*} and {@code admin.override.*} settings, for
 * the clients it uses, checked against the worker's override policy as Kafka Connect's
 * {@code AbstractHerder.validateClientOverrides} does.
 */
final class ClientOverrideValidation {

    private final ClientOverridePolicy policy;

    ClientOverrideValidation(ClientOverridePolicy policy) {
        this.policy = policy;
    }

    /** Producer, consumer and admin results, in that order; null when the connector overrides nothing checked. */
    ConfigInfos validate(Map<String, String> props, ConnectorType type, Class<? extends Connector> connectorClass) {
        boolean sink = type == ConnectorType.SINK;
        boolean hasDlq = !Utils.isBlank(props.get(DLQ_TOPIC_NAME));
        ConfigInfos producer = !sink || hasDlq ? validate(props, PRODUCER_OVERRIDE_PREFIX, ProducerConfig.configDef(),
                connectorClass, type, ClientType.PRODUCER) : null;
        ConfigInfos admin = (sink ? hasDlq : TopicCreationGroups.used(props)) ? validate(props, ADMIN_OVERRIDE_PREFIX,
                AdminClientConfig.configDef(), connectorClass, type, ClientType.ADMIN) : null;
        ConfigInfos consumer = sink ? validate(props, CONSUMER_OVERRIDE_PREFIX, ConsumerConfig.configDef(),
                connectorClass, type, ClientType.CONSUMER) : null;
        return ConfigResults.merge(props.get(ConnectorConfigDefs.CONNECTOR_CLASS), producer, consumer, admin);
    }

    private ConfigInfos validate(Map<String, String> props, String prefix, ConfigDef clientDef,
            Class<? extends Connector> connectorClass, ConnectorType type, ClientType clientType) {
        Map<String, Object> overrides = new HashMap<>();
        props.forEach((key, raw) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                String name = key.substring(prefix.length());
                ConfigDef.ConfigKey definition = clientDef.configKeys().get(name);
                overrides.put(name, definition != null ? parse(name, raw, definition.type) : raw);
            }
        });
        List<ConfigValue> values = policy.validate(new ConnectorClientConfigRequest(
                props.get(ConnectorConfigDefs.NAME), type, connectorClass, overrides, clientType));
        return ConfigResults.prefixed(clientDef.configKeys(), values, prefix);
    }

    /**
     * Kafka lets this parse fail the whole request with a 500; it is the client's error, so Fluxgate answers 400 with
     * the same message.
     */
    private static Object parse(String name, String raw, ConfigDef.Type type) {
        try {
            return ConfigDef.parseType(name, raw, type);
        } catch (ConfigException e) {
            throw new HerderException(400, e.getMessage(), e);
        }
    }
}
