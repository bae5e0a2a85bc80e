package io.fluxgate.runtime.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.plugins.PluginType;

/**
 * A plugin registry over classes of the test class path, with Kafka Connect's aliases (simple name, and the simple
 * name without its type suffix). Enough to run real plugins (Apache's file connectors, converters and
 * transformations) and plain test classes without OSGi.
 */
public final class ClasspathPluginRegistry implements PluginRegistry {

    private final Map<String, Class<?>> byName = new HashMap<>();
    private final Map<String, Set<Class<?>>> byAlias = new HashMap<>();
    private final Map<Class<?>, String> versions = new HashMap<>();
    private final Map<Class<?>, String> locations = new HashMap<>();

    public ClasspathPluginRegistry(Class<?>... plugins) {
        register(org.apache.kafka.connect.json.JsonConverter.class,
                org.apache.kafka.connect.storage.StringConverter.class,
                org.apache.kafka.connect.storage.SimpleHeaderConverter.class,
                org.apache.kafka.common.config.provider.FileConfigProvider.class,
                org.apache.kafka.common.config.provider.DirectoryConfigProvider.class,
                org.apache.kafka.common.config.provider.EnvVarConfigProvider.class);
        register(plugins);
    }

    /** The registry with Apache's file connectors and every connect-transforms transformation and predicate. */
    public static ClasspathPluginRegistry withApachePlugins(Class<?>... more) {
        ClasspathPluginRegistry registry = new ClasspathPluginRegistry(
                org.apache.kafka.connect.file.FileStreamSourceConnector.class,
                org.apache.kafka.connect.file.FileStreamSinkConnector.class,
                org.apache.kafka.connect.transforms.RegexRouter.class,
                org.apache.kafka.connect.transforms.InsertField.Value.class,
                org.apache.kafka.connect.transforms.InsertHeader.class,
                org.apache.kafka.connect.transforms.Filter.class,
                org.apache.kafka.connect.transforms.HoistField.Value.class,
                org.apache.kafka.connect.transforms.predicates.TopicNameMatches.class,
                org.apache.kafka.connect.transforms.predicates.HasHeaderKey.class,
                org.apache.kafka.connect.transforms.predicates.RecordIsTombstone.class);
        registry.register(more);
        return registry;
    }

    public synchronized ClasspathPluginRegistry register(Class<?>... plugins) {
        for (Class<?> plugin : plugins) {
            byName.put(plugin.getName(), plugin);
            // as Kafka: the name after the package ("HoistField$Value" for a nested class)
            String simple = plugin.getName().substring(plugin.getName().lastIndexOf('.') + 1);
            alias(simple, plugin);
            PluginType type = typeOf(plugin);
            if (type != null && simple.endsWith(type.aliasSuffix()) && !simple.equals(type.aliasSuffix())) {
                alias(simple.substring(0, simple.length() - type.aliasSuffix().length()), plugin);
            }
        }
        return this;
    }

    /** Installs {@code plugin} in {@code version} rather than {@code 1.0.0-test}. */
    public synchronized ClasspathPluginRegistry withVersion(Class<?> plugin, String version) {
        register(plugin);
        versions.put(plugin, version);
        return this;
    }

    /** Installs {@code plugin} as if it came from the plugin file at {@code location} rather than the class path. */
    public synchronized ClasspathPluginRegistry withLocation(Class<?> plugin, String location) {
        register(plugin);
        locations.put(plugin, location);
        return this;
    }

    /** Uninstalls {@code plugin}: it can no longer be loaded, by name or alias. */
    public synchronized ClasspathPluginRegistry remove(Class<?> plugin) {
        byName.remove(plugin.getName());
        byAlias.values().forEach(classes -> classes.remove(plugin));
        return this;
    }

    private void alias(String alias, Class<?> plugin) {
        byAlias.computeIfAbsent(alias, a -> new java.util.HashSet<>()).add(plugin);
    }

    @Override
    public synchronized List<PluginDescriptor> plugins() {
        List<PluginDescriptor> result = new ArrayList<>();
        byName.values().stream().sorted(java.util.Comparator.comparing(Class::getName))
                .forEach(c -> result.addAll(descriptors(c)));
        return result;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T> PluginClass<T> load(String classOrAlias, Class<T> superType, String versionRange) {
        Class<?> found = byName.get(classOrAlias);
        if (found == null) {
            Set<Class<?>> aliased = byAlias.getOrDefault(classOrAlias, Set.of());
            found = aliased.size() == 1 ? aliased.iterator().next() : null;
        }
        if (found == null || !superType.isAssignableFrom(found)) {
            throw new PluginNotFoundException("Failed to find any class that implements " + superType.getSimpleName()
                    + " and which name matches " + classOrAlias);
        }
        String version = versions.getOrDefault(found, VERSION);
        if (!allows(versionRange, version)) {
            throw new PluginNotFoundException(String.format("Plugin %s not found that matches the version range %s, "
                    + "available versions: [%s]", found.getName(), range(versionRange), version));
        }
        Class<? extends T> type = (Class<? extends T>) found;
        PluginDescriptor descriptor = descriptors(found).get(0);
        return new PluginClass<>() {
            @Override
            public PluginDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public Class<? extends T> type() {
                return type;
            }

            @Override
            public ClassLoader loader() {
                return type.getClassLoader();
            }

            @Override
            public T newInstance() {
                Thread thread = Thread.currentThread();
                ClassLoader saved = thread.getContextClassLoader();
                thread.setContextClassLoader(loader());
                try {
                    return type.getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("Cannot instantiate " + type.getName(), e);
                } finally {
                    thread.setContextClassLoader(saved);
                }
            }
        };
    }

    private static final String VERSION = "1.0.0-test";

    /** One per kind of plugin the class is, as the real registry lists them. */
    private List<PluginDescriptor> descriptors(Class<?> plugin) {
        List<PluginDescriptor> result = new ArrayList<>();
        for (PluginType type : PluginType.values()) {
            if (type.superType().isAssignableFrom(plugin)) {
                result.add(new PluginDescriptor(plugin.getName(), type, versions.getOrDefault(plugin, VERSION),
                        locations.getOrDefault(plugin, "classpath")));
            }
        }
        if (result.isEmpty()) {
            result.add(new PluginDescriptor(plugin.getName(), PluginType.CONVERTER, VERSION, "classpath"));
        }
        return result;
    }

    private static String range(String versionRange) {
        try {
            return String.valueOf(io.fluxgate.runtime.config.PluginVersions.requirement(versionRange));
        } catch (org.apache.maven.artifact.versioning.InvalidVersionSpecificationException e) {
            return versionRange;
        }
    }

    private static boolean allows(String versionRange, String version) {
        try {
            org.apache.maven.artifact.versioning.VersionRange range =
                    io.fluxgate.runtime.config.PluginVersions.requirement(versionRange);
            return range == null
                    || range.containsVersion(new org.apache.maven.artifact.versioning.DefaultArtifactVersion(version));
        } catch (org.apache.maven.artifact.versioning.InvalidVersionSpecificationException e) {
            throw new PluginNotFoundException("Invalid version range for plugin: " + versionRange);
        }
    }

    private static PluginType typeOf(Class<?> plugin) {
        if (SourceConnector.class.isAssignableFrom(plugin)) {
            return PluginType.SOURCE;
        } else if (SinkConnector.class.isAssignableFrom(plugin)) {
            return PluginType.SINK;
        } else if (Converter.class.isAssignableFrom(plugin)) {
            return PluginType.CONVERTER;
        } else if (HeaderConverter.class.isAssignableFrom(plugin)) {
            return PluginType.HEADER_CONVERTER;
        } else if (Transformation.class.isAssignableFrom(plugin)) {
            return PluginType.TRANSFORMATION;
        } else if (Predicate.class.isAssignableFrom(plugin)) {
            return PluginType.PREDICATE;
        } else if (ConnectorClientConfigOverridePolicy.class.isAssignableFrom(plugin)) {
            return PluginType.CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY;
        } else if (org.apache.kafka.common.config.provider.ConfigProvider.class.isAssignableFrom(plugin)) {
            return PluginType.CONFIG_PROVIDER;
        }
        return null;
    }
}
