package io.fluxgate.runtime.config;

import static io.fluxgate.runtime.config.ConnectorConfigDefs.CONNECTOR_CLASS;
import static io.fluxgate.runtime.config.ConnectorConfigDefs.CONNECTOR_VERSION;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * Validates a connector configuration as Kafka Connect's {@code AbstractHerder.validateConnectorConfig} does: the
 * framework's settings (with the transformations and predicates the configuration names, and for sinks the topic
 * rules), the converters it names, the client overrides the worker's policy permits, then the connector's own
 * {@code config()} and {@code validate()} (through {@link ConnectorCalls}: the worker's give each a deadline, past which
 * the validation fails with 500 naming the call); for sources the exactly-once preflight checks. Errors are reported in the result; a configuration without
 * {@code connector.class}, or naming a connector that is not installed, is refused outright (400), as in Kafka.
 * Config-provider placeholders must be resolved by the caller.
 */
public final class ConnectorValidator {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorValidator.class);

    private final PluginRegistry registry;
    private final InstalledPlugins plugins;
    private final PluginRecommenders recommenders;
    private final ConverterValidation converters;
    private final ClientOverrideValidation clientOverrides;
    private final boolean topicCreationEnabled;
    private final WorkerConverters workerConverters;
    private final ExactlyOnceValidation exactlyOnce;
    private final ConnectorCalls calls;

    /**
     * A validator that calls the connector's {@code config()} and {@code validate()} on the caller's thread, with no
     * deadline ({@link ConnectorCalls#DIRECT}).
     */
    public ConnectorValidator(PluginRegistry registry, ClientOverridePolicy overridePolicy,
            boolean topicCreationEnabled, WorkerConverters workerConverters, ExactlyOnceValidation exactlyOnce) {
        this(registry, overridePolicy, topicCreationEnabled, workerConverters, exactlyOnce, ConnectorCalls.DIRECT);
    }

    /**
     * @param topicCreationEnabled the worker's {@code topic.creation.enable}
     * @param calls                how the connector's {@code config()} and {@code validate()} are called (the
     *                             worker's: on a thread of their own, with its deadline)
     */
    public ConnectorValidator(PluginRegistry registry, ClientOverridePolicy overridePolicy,
            boolean topicCreationEnabled, WorkerConverters workerConverters, ExactlyOnceValidation exactlyOnce,
            ConnectorCalls calls) {
        this.calls = calls;
        this.registry = registry;
        this.plugins = new InstalledPlugins(registry);
        this.recommenders = new PluginRecommenders(plugins);
        this.converters = new ConverterValidation(plugins);
        this.clientOverrides = new ClientOverrideValidation(overridePolicy);
        this.topicCreationEnabled = topicCreationEnabled;
        this.workerConverters = workerConverters;
        this.exactlyOnce = exactlyOnce;
    }

    public ConfigValidation validate(Map<String, String> props) {
        String connectorClass = props.get(CONNECTOR_CLASS);
        if (connectorClass == null) {
            throw new HerderException(400, "Connector config " + props + " contains no connector type");
        }
        PluginClass<Connector> plugin;
        try {
            plugin = plugins.load(connectorClass, Connector.class, props.get(CONNECTOR_VERSION));
            LOG.info("Validating connector {}, version {}", connectorClass, plugin.descriptor().version());
        } catch (PluginVersions.VersionException e) {
            LOG.warn("Failed to load connector {} with version {}, skipping additional validations (connector, "
                    + "converters, transformations, client overrides) ", connectorClass, props.get(CONNECTOR_VERSION),
                    e);
            return new ConfigValidation(unavailableVersion(props, e), ConnectorType.UNKNOWN, connectorClass);
        } catch (PluginNotFoundException e) {
            throw new HerderException(400, e.getMessage(), e);
        }
        Connector connector = plugin.newInstance();
        boolean sink = connector instanceof SinkConnector;
        // Kafka parses class settings (converters, transformations) with the connector's loader as context loader.
        try (LoaderSwap swap = LoaderSwap.to(new RegistryClassLoader(registry, plugin.loader()))) {
            ConfigDef common = ConnectorConfigDefs.common(keys(props));
            ConfigDef def = new AliasedPluginDefs(plugins, recommenders, props).enrich(
                    sink ? ConnectorConfigDefs.sink(common) : ConnectorConfigDefs.source(common));
            if (!sink && topicCreationEnabled && TopicCreationGroups.used(props)) {
                // Fluxgate only: Kafka checks the topic creation settings when a task starts, too late to tell.
                TopicCreationGroups.enrich(def, props);
            }
            Map<String, ConfigValue> validated = new LinkedHashMap<>(def.validateAll(props));
            if (sink) {
                SinkTopicRules.validate(props, validated);
            } else {
                try (LoaderSwap own = LoaderSwap.to(plugin.loader())) {
                    exactlyOnce.validate(props, validated, (SourceConnector) connector);
                }
            }
            props.forEach((key, value) -> {
                if (value == null) {
                    validated.computeIfAbsent(key, ConfigValue::new)
                            .addErrorMessage("Null value can not be supplied as the configuration value.");
                }
            });
            // In Kafka's order: converter validation adds errors to the framework's values reported last.
            ConfigInfos converterInfos = converters.validate(props, validated);
            ConfigInfos overrideInfos = clientOverrides.validate(props, sink
                    ? org.apache.kafka.connect.health.ConnectorType.SINK
                    : org.apache.kafka.connect.health.ConnectorType.SOURCE, plugin.type());
            ConfigInfos connectorInfos = connectorSpecific(props, validated, def, connector, plugin);
            return new ConfigValidation(ConfigResults.merge(connectorClass, connectorInfos, overrideInfos,
                    converterInfos), sink ? ConnectorType.SINK : ConnectorType.SOURCE, plugin.type().getName());
        }
    }

    /** The framework's results with the connector's own {@code config()} and {@code validate()}. */
    private ConfigInfos connectorSpecific(Map<String, String> props, Map<String, ConfigValue> validated,
            ConfigDef def, Connector connector, PluginClass<Connector> plugin) {
        Map<String, ConfigDef.ConfigKey> keys = new LinkedHashMap<>(def.configKeys());
        Set<String> groups = new LinkedHashSet<>(def.groups());
        ConfigDef own;
        Config config;
        String connectorClass = plugin.type().getName();
        // The calls' threads take the context class loader set here, the connector's, as the caller's thread had it.
        try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
            own = calls.call(connectorClass, "config()", connector::config);
            if (own == null) {
                throw new HerderException(400, String.format("%s.config() must return a ConfigDef that is not null.",
                        connectorClass));
            }
            config = calls.call(connectorClass, "validate()", () -> connector.validate(props));
        } catch (HerderException e) {
            throw e;
        } catch (RuntimeException e) {
            // Also a call abandoned at the deadline: 500, as Kafka Connect answers its own request timeout.
            throw new HerderException(500, String.valueOf(e.getMessage()), e);
        }
        if (config == null) {
            throw new HerderException(400, String.format("%s.validate() must return a Config that is not null.",
                    plugin.type().getName()));
        }
        keys.putAll(own.configKeys());
        groups.addAll(own.groups());
        var values = new ArrayList<>(validated.values());
        values.addAll(config.configValues());
        return ConfigResults.generate(props.get(CONNECTOR_CLASS), keys, values, new ArrayList<>(groups));
    }

    /**
     * Kafka's answer when the connector is installed but not in the version asked for: only the common settings, with
     * the error on the class and version settings and the installed versions recommended.
     */
    private ConfigInfos unavailableVersion(Map<String, String> props, PluginVersions.VersionException e) {
        String connectorClass = props.get(CONNECTOR_CLASS);
        try (LoaderSwap swap = LoaderSwap.to(new RegistryClassLoader(registry, getClass().getClassLoader()))) {
            ConfigDef def = ConnectorConfigDefs.common(PluginKeys.described(
                    plugins.latestVersion(connectorClass, Connector.class)));
            Map<String, ConfigValue> validated = new LinkedHashMap<>(def.validateAll(props));
            validated.get(CONNECTOR_CLASS).addErrorMessage(e.getMessage());
            validated.get(CONNECTOR_VERSION).addErrorMessage(e.getMessage());
            validated.get(CONNECTOR_VERSION).recommendedValues(new ArrayList<>(e.availableVersions()));
            props.forEach((key, value) -> {
                if (value == null) {
                    validated.computeIfAbsent(key, ConfigValue::new)
                            .addErrorMessage("Null value can not be supplied as the configuration value.");
                }
            });
            return ConfigResults.generate(connectorClass, def.configKeys(), new ArrayList<>(validated.values()),
                    new ArrayList<>(def.groups()));
        }
    }

    /** Kafka's enriched definitions: the worker's converters and the newest versions as defaults, recommenders. */
    private PluginKeys keys(Map<String, String> props) {
        String connectorClass = props.get(CONNECTOR_CLASS);
        return new PluginKeys(ConfigDef.Type.CLASS, plugins.latestVersion(connectorClass, Connector.class),
                converterDefaults(props, ConnectorConfigDefs.KEY_CONVERTER, workerConverters.key(),
                        workerConverters.keyVersion(), Converter.class),
                converterDefaults(props, ConnectorConfigDefs.VALUE_CONVERTER, workerConverters.value(),
                        workerConverters.valueVersion(), Converter.class),
                converterDefaults(props, ConnectorConfigDefs.HEADER_CONVERTER, workerHeaderConverter(),
                        workerConverters.headerVersion(), HeaderConverter.class),
                recommenders);
    }

    /** As Kafka, the worker's header converter by its full class name (it always has one). */
    private String workerHeaderConverter() {
        String header = workerConverters.header();
        String className = plugins.className(header, HeaderConverter.class);
        return className != null ? className : header;
    }

    /**
     * Kafka's {@code ConnectorConfig.converterDefaults}: the worker's converter, in the version the connector's own
     * converter or the worker names (else the newest). A worker converter that is not installed (yet) is no default:
     * Kafka would not have started.
     */
    private PluginKeys.Defaults converterDefaults(Map<String, String> props, String key, String workerConverter,
            String workerVersion, Class<?> superType) {
        String connectorConverter = props.get(key);
        if (props.get(CONNECTOR_CLASS) == null || (connectorConverter == null && workerConverter == null)) {
            return PluginKeys.Defaults.NONE;
        }
        String type = workerConverter != null && plugins.className(workerConverter, superType) != null
                ? workerConverter : null;
        String version;
        if (connectorConverter != null) {
            version = plugins.latestVersion(connectorConverter, superType);
        } else {
            version = workerVersion != null ? workerVersion : plugins.latestVersion(workerConverter, superType);
        }
        return new PluginKeys.Defaults(type, version);
    }
}
