package io.fluxgate.runtime.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

/**
 * How the settings that name plugins (converters, their versions, the connector's version) are defined.
 *
 * <p>The worker reads a configuration that was validated already, and loads its plugins through the registry: for it
 * they are {@link #PLAIN} strings. Validation and {@code GET /connector-plugins/{p}/config} define them as Kafka
 * Connect does: classes (parsed with a {@link RegistryClassLoader} as context loader), with validators, the worker's
 * converters and the newest versions as defaults, and recommenders.
 *
 * @param classType        {@code Type.CLASS}, or {@code Type.STRING} for the worker
 * @param connectorVersion the default of {@code connector.plugin.version}
 * @param recommenders     null for none
 */
record PluginKeys(Type classType, String connectorVersion, Defaults keyConverter, Defaults valueConverter,
        Defaults headerConverter, PluginRecommenders recommenders) {

    /** The settings that have recommended values. */
    enum Recommendation {
        CONNECTOR_VERSION, CONVERTERS, HEADER_CONVERTERS, KEY_CONVERTER_VERSION, VALUE_CONVERTER_VERSION,
        HEADER_CONVERTER_VERSION
    }

    /** The defaults of a converter's class and version settings (Kafka's {@code ConverterDefaults}). */
    record Defaults(String type, String version) {
        static final Defaults NONE = new Defaults(null, null);
    }

    static final PluginKeys PLAIN = new PluginKeys(Type.STRING, null, Defaults.NONE, Defaults.NONE, Defaults.NONE,
            null);

    /** As {@code GET /connector-plugins/{p}/config} describes a connector: no defaults but the connector's version. */
    static PluginKeys described(String connectorVersion) {
        return new PluginKeys(Type.CLASS, connectorVersion, Defaults.NONE, Defaults.NONE, Defaults.NONE,
                new PluginRecommenders(null));
    }

    private boolean classes() {
        return classType == Type.CLASS;
    }

    ConfigDef.Validator versionValidator() {
        return classes() ? new PluginVersions.Validator() : null;
    }

    ConfigDef.Validator converterValidator() {
        return classes() ? classValidator(Converter.class) : null;
    }

    ConfigDef.Validator headerConverterValidator() {
        return classes() ? classValidator(HeaderConverter.class) : null;
    }

    ConfigDef.Recommender recommender(Recommendation recommendation) {
        return recommenders == null ? null : recommenders.get(recommendation);
    }

    /** Kafka's {@code ConcreteSubClassValidator} and {@code InstantiableClassValidator}, together. */
    static ConfigDef.Validator classValidator(Class<?> superType) {
        ConfigDef.Validator concrete = new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null) {
                    Utils.ensureConcreteSubclass(superType, (Class<?>) value);
                }
            }

            @Override
            public String toString() {
                return "A concrete subclass of " + superType.getName();
            }
        };
        ConfigDef.Validator instantiable = new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return; // the class could not be found: reported already
                }
                Class<?> type = (Class<?>) value;
                try {
                    Object instance = type.getDeclaredConstructor().newInstance();
                    Utils.maybeCloseQuietly(instance, instance + " (instantiated for preflight validation");
                } catch (NoSuchMethodException | IllegalAccessException e) {
                    throw new ConfigException(name, type.getName(), "Could not find a public no-argument constructor "
                            + "for class" + (e.getMessage() != null ? ": " + e.getMessage() : ""));
                } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                    throw new ConfigException(name, type.getName(), "Could not instantiate class"
                            + (e.getMessage() != null ? ": " + e.getMessage() : ""));
                }
            }

            @Override
            public String toString() {
                return "A class with a public, no-argument constructor";
            }
        };
        return ConfigDef.CompositeValidator.of(concrete, instantiable);
    }
}
