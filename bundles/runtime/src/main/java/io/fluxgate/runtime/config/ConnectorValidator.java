package io.fluxgate.runtime.config;

import static io.fluxgate.runtime.config.ConnectorConfigDefs.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest.ClientType;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.ConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;
import org.apache.kafka.connect.storage.HeaderConverter;

import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.worker.LoaderSwap;

/**
 * Validates a connector configuration before anything runs, as Kafka Connect's herder does: the framework settings
 * (with the transformations and predicates the configuration names), the sink's topics, the connector's own
 * {@code config()} and {@code validate()}, the converters it names and the client overrides the worker's policy
 * permits. A configuration without {@code connector.class}, or naming a connector that is not installed, is refused
 * outright (400), as in Kafka.
 */
public final class ConnectorValidator {

    private final PluginRegistry registry;
    private final ClientOverridePolicy overridePolicy;
    private final boolean topicCreationEnabled;

    /** {@code topicCreationEnabled}: the worker's {@code topic.creation.enable}. */
    public ConnectorValidator(PluginRegistry registry, ClientOverridePolicy overridePolicy,
            boolean topicCreationEnabled) {
        this.registry = registry;
        this.overridePolicy = overridePolicy;
        this.topicCreationEnabled = topicCreationEnabled;
    }

    public ConfigValidation validate(Map<String, String> props) {
        String connectorClass = props.get(CONNECTOR_CLASS);
        if (connectorClass == null) {
            throw new HerderException(400, "Connector config " + props + " contains no connector type");
        }
        PluginClass<Connector> plugin;
        try {
            plugin = registry.load(connectorClass.trim(), Connector.class, props.get(CONNECTOR_VERSION));
        } catch (PluginNotFoundException e) {
            throw new HerderException(400, e.getMessage(), e);
        }
        Connector connector = plugin.newInstance();
        boolean sink = connector instanceof SinkConnector;
        ConfigDef common = ConnectorConfigDefs.common(new PluginClassValidator(registry, Converter.class),
                new PluginClassValidator(registry, HeaderConverter.class));
        ConfigDef def = sink ? ConnectorConfigDefs.sink(common) : ConnectorConfigDefs.source(common);
        new AliasedPluginDefs(registry, props).enrich(def);
        if (!sink && topicCreationEnabled && TopicCreationGroups.used(props)) {
            TopicCreationGroups.enrich(def, props);
        }

        Map<String, ConfigValue> values = new LinkedHashMap<>(def.validateAll(props));
        if (sink) {
            validateSinkTopics(props, values);
        }
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            Config own = connector.validate(props);
            if (own == null) {
                throw new HerderException(400, plugin.type().getName()
                        + ".validate() must return a Config that is not null.");
            }
            own.configValues().forEach(value -> values.put(value.name(), value));
        } catch (HerderException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HerderException(500, "Connector " + plugin.type().getName()
                    + " failed to validate its configuration: " + e, e);
        }
        props.forEach((key, value) -> {
            if (value == null) {
                values.computeIfAbsent(key, ConfigValue::new)
                        .addErrorMessage("Null value can not be supplied as the configuration value.");
            }
        });

        List<ConfigValue> all = new ArrayList<>(values.values());
        all.addAll(converterValues(props, values, KEY_CONVERTER, Converter.class, ConverterType.KEY));
        all.addAll(converterValues(props, values, VALUE_CONVERTER, Converter.class, ConverterType.VALUE));
        all.addAll(converterValues(props, values, HEADER_CONVERTER, HeaderConverter.class, ConverterType.HEADER));
        all.addAll(overrideValues(props, plugin, sink));
        return new ConfigValidation(plugin.type().getName(), sink ? ConnectorType.SINK : ConnectorType.SOURCE, all);
    }

    /** Kafka's SinkConnectorConfig rules: exactly one of topics and topics.regex, and never the DLQ topic. */
    static void validateSinkTopics(Map<String, String> props, Map<String, ConfigValue> values) {
        String topics = props.get(TOPICS);
        String regex = props.get(TOPICS_REGEX);
        boolean hasTopics = topics != null && !topics.isBlank();
        boolean hasRegex = regex != null && !regex.isBlank();
        String error = null;
        if (hasTopics && hasRegex) {
            error = TOPICS + " and " + TOPICS_REGEX + " are mutually exclusive options, but both are set.";
        } else if (!hasTopics && !hasRegex) {
            error = "Must configure one of " + TOPICS + " or " + TOPICS_REGEX;
        }
        if (error != null) {
            values.computeIfAbsent(TOPICS, ConfigValue::new).addErrorMessage(error);
            values.computeIfAbsent(TOPICS_REGEX, ConfigValue::new).addErrorMessage(error);
            return;
        }
        String dlq = props.get(DLQ_TOPIC_NAME);
        if (dlq == null || dlq.isBlank()) {
            return;
        }
        String dlqTopic = dlq.trim();
        if (hasTopics && List.of(topics.split(",")).stream().map(String::trim).anyMatch(dlqTopic::equals)) {
            values.computeIfAbsent(DLQ_TOPIC_NAME, ConfigValue::new).addErrorMessage(String.format("The DLQ topic "
                    + "'%s' may not be included in the list of topics ('%s=%s') consumed by the connector", dlqTopic,
                    TOPICS, topics));
        }
        if (hasRegex && matches(regex, dlqTopic)) {
            values.computeIfAbsent(DLQ_TOPIC_NAME, ConfigValue::new).addErrorMessage(String.format("The DLQ topic "
                    + "'%s' may not be included in the regex matching the topics ('%s=%s') consumed by the connector",
                    dlqTopic, TOPICS_REGEX, regex));
        }
    }

    private static boolean matches(String regex, String topic) {
        try {
            return Pattern.compile(regex).matcher(topic).matches();
        } catch (RuntimeException e) {
            return false; // reported by the regex setting
        }
    }

    /** The settings of a converter the connector names itself, validated by the converter's own ConfigDef. */
    private List<ConfigValue> converterValues(Map<String, String> props, Map<String, ConfigValue> values,
            String key, Class<?> superType, ConverterType type) {
        String className = props.get(key);
        ConfigValue value = values.get(key);
        if (className == null || value == null || !value.errorMessages().isEmpty()) {
            return List.of();
        }
        PluginClass<?> plugin = registry.load(className.trim(), superType, props.get(key + "." + PLUGIN_VERSION_SUFFIX));
        Object converter = plugin.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            ConfigDef own = converter instanceof Converter c ? c.config() : ((HeaderConverter) converter).config();
            if (own == null) {
                return List.of(); // tolerated, as Kafka: old converters return none
            }
            Map<String, Object> converterProps = new HashMap<>(prefixed(props, key + "."));
            converterProps.putIfAbsent(ConverterConfig.TYPE_CONFIG, type.getName());
            List<ConfigValue> result = new ArrayList<>();
            for (ConfigValue own1 : own.validate(asStrings(converterProps))) {
                result.add(new ConfigValue(key + "." + own1.name(), own1.value(), own1.recommendedValues(),
                        own1.errorMessages()));
            }
            return result;
        } catch (RuntimeException e) {
            value.addErrorMessage("Failed to perform config validation for " + type.getName() + " converter"
                    + (e.getMessage() != null ? ": " + e.getMessage() : ""));
            return List.of();
        } finally {
            AliasedPluginDefs.closeQuietly(converter);
        }
    }

    private List<ConfigValue> overrideValues(Map<String, String> props, PluginClass<Connector> plugin, boolean sink) {
        List<ConfigValue> result = new ArrayList<>();
        org.apache.kafka.connect.health.ConnectorType type = sink
                ? org.apache.kafka.connect.health.ConnectorType.SINK
                : org.apache.kafka.connect.health.ConnectorType.SOURCE;
        boolean usesProducer = !sink || hasText(props.get(DLQ_TOPIC_NAME));
        boolean usesAdmin = sink ? hasText(props.get(DLQ_TOPIC_NAME))
                : topicCreationEnabled && TopicCreationGroups.used(props);
        if (usesProducer) {
            result.addAll(overrideValues(props, PRODUCER_OVERRIDE_PREFIX, ProducerConfig.configDef(), plugin, type,
                    ClientType.PRODUCER));
        }
        if (usesAdmin) {
            result.addAll(overrideValues(props, ADMIN_OVERRIDE_PREFIX, AdminClientConfig.configDef(), plugin, type,
                    ClientType.ADMIN));
        }
        if (sink) {
            result.addAll(overrideValues(props, CONSUMER_OVERRIDE_PREFIX, ConsumerConfig.configDef(), plugin, type,
                    ClientType.CONSUMER));
        }
        return result;
    }

    private List<ConfigValue> overrideValues(Map<String, String> props, String prefix, ConfigDef clientDef,
            PluginClass<Connector> plugin, org.apache.kafka.connect.health.ConnectorType type, ClientType clientType) {
        Map<String, Object> overrides = new HashMap<>();
        prefixed(props, prefix).forEach((name, raw) -> {
            ConfigDef.ConfigKey key = clientDef.configKeys().get(name);
            Object parsed = raw;
            if (key != null && raw != null) {
                try {
                    parsed = ConfigDef.parseType(name, raw, key.type);
                } catch (org.apache.kafka.common.config.ConfigException e) {
                    parsed = raw; // the client reports it when it is created
                }
            }
            overrides.put(name, parsed);
        });
        if (overrides.isEmpty()) {
            return List.of();
        }
        ConnectorClientConfigRequest request = new ConnectorClientConfigRequest(props.get(NAME), type, plugin.type(),
                overrides, clientType);
        List<ConfigValue> result = new ArrayList<>();
        for (ConfigValue value : overridePolicy.validate(request)) {
            result.add(new ConfigValue(prefix + value.name(), value.value(), value.recommendedValues(),
                    value.errorMessages()));
        }
        return result;
    }

    static Map<String, String> prefixed(Map<String, String> props, String prefix) {
        Map<String, String> result = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                result.put(key.substring(prefix.length()), value);
            }
        });
        return result;
    }

    private static Map<String, String> asStrings(Map<String, Object> props) {
        Map<String, String> result = new HashMap<>();
        props.forEach((key, value) -> result.put(key, value == null ? null : value.toString()));
        return result;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }
}
