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

    public ClasspathPluginRegistry(Class<?>... plugins) {
        register(org.apache.kafka.connect.json.JsonConverter.class,
                org.apache.kafka.connect.storage.StringConverter.class,
                org.apache.kafka.connect.storage.SimpleHeaderConverter.class);
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

    private void alias(String alias, Class<?> plugin) {
        byAlias.computeIfAbsent(alias, a -> new java.util.HashSet<>()).add(plugin);
    }

    @Override
    public synchronized List<PluginDescriptor> plugins() {
        List<PluginDescriptor> result = new ArrayList<>();
        byName.values().forEach(c -> result.add(descriptor(c)));
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
        Class<? extends T> type = (Class<? extends T>) found;
        PluginDescriptor descriptor = descriptor(found);
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

    private static PluginDescriptor descriptor(Class<?> plugin) {
        PluginType type = typeOf(plugin);
        return new PluginDescriptor(plugin.getName(), type == null ? PluginType.CONVERTER : type, "1.0.0-test",
                "classpath");
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
        }
        return null;
    }
}
