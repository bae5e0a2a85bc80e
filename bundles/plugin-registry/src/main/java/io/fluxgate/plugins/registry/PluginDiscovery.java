package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.components.Versioned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginType;

/**
 * Finds the plugins a source declares in its manifests, as Kafka Connect's {@code ServiceLoaderScanner} does: each
 * listed class is loaded and instantiated with its own class loader as the thread context class loader, and its
 * version read from {@link Versioned}, or from its source when it does not say. A plain jar or directory without any
 * manifest is scanned instead (its class files, see {@link PluginSource#scan()}) as the worker's
 * {@code plugin.discovery} says ({@link DiscoveryMode}): by default, as Kafka's {@code hybrid_warn}, with a warning that
 * names the manifests to add. A class that cannot be loaded or built (missing dependency,
 * constructor or static initializer that throws, no public no-argument constructor) is left out with one error line,
 * as Kafka's "Failed to discover" lines, and reported; it never stops the others.
 */
final class PluginDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);

    private PluginDiscovery() {
    }

    static List<InstalledPlugin> discover(PluginSource source) {
        return discover(source, DiscoveryMode.HYBRID_WARN, failure -> { }, refusal -> { });
    }

    /**
     * The plugins of {@code source} found as {@code mode} says; each class left out is also handed to
     * {@code failures}, and the reason a whole plain jar provides nothing under {@code hybrid_fail} or
     * {@code service_load} to {@code refusals}.
     */
    static List<InstalledPlugin> discover(PluginSource source, DiscoveryMode mode, Consumer<ClassFailure> failures,
            Consumer<String> refusals) {
        if (mode == DiscoveryMode.ONLY_SCAN && source.scannable()) {
            return scanned(source, failures);
        }
        List<InstalledPlugin> found = new ArrayList<>();
        boolean declaresAny = false;
        for (PluginType type : PluginType.values()) {
            List<String> names;
            try {
                names = source.declared(type);
            } catch (IOException | RuntimeException e) {
                LOG.error("Failed to read the {} manifest of {}: {}", type.superType().getSimpleName(), source,
                        e.toString());
                continue;
            }
            declaresAny |= !names.isEmpty();
            for (String name : names) {
                InstalledPlugin plugin = describe(source, type, name, failures);
                if (plugin != null) {
                    found.add(plugin);
                }
            }
        }
        if (declaresAny || !source.scannable()) {
            return found;
        }
        if (mode == DiscoveryMode.SERVICE_LOAD) {
            refusals.accept(source.location() + " declares no plugin in META-INF/services manifests, and "
                    + "plugin.discovery=service_load finds plugins only through them: add the manifests (Kafka's "
                    + "connect-plugin-path.sh sync-manifests writes them) or set plugin.discovery=hybrid_warn.");
            return found;
        }
        List<InstalledPlugin> scanned = scanned(source, failures);
        if (mode == DiscoveryMode.HYBRID_FAIL && !scanned.isEmpty()) {
            refusals.accept(source.location() + " has plugins without META-INF/services manifests ("
                    + String.join(", ", scanned.stream().map(InstalledPlugin::className).distinct().toList())
                    + "), which plugin.discovery=hybrid_fail refuses: add the manifests (Kafka's "
                    + "connect-plugin-path.sh sync-manifests writes them) or set plugin.discovery=hybrid_warn.");
            return found;
        }
        if (!scanned.isEmpty() && mode == DiscoveryMode.HYBRID_WARN) {
            LOG.warn("{} has no META-INF/services manifests (KIP-898): its {} plugins were found by scanning its "
                    + "classes, which is slower; add the manifests, e.g. with Kafka's connect-plugin-path.sh "
                    + "sync-manifests: {}", source, scanned.size(),
                    scanned.stream().map(InstalledPlugin::className).distinct().toList());
        }
        found.addAll(scanned);
        return found;
    }

    private static List<InstalledPlugin> scanned(PluginSource source, Consumer<ClassFailure> failures) {
        Map<String, Set<PluginType>> candidates;
        try {
            candidates = source.scan();
        } catch (IOException | RuntimeException e) {
            LOG.error("Failed to scan the classes of {}: {}", source, e.toString());
            return List.of();
        }
        List<InstalledPlugin> found = new ArrayList<>();
        candidates.forEach((name, types) -> {
            for (PluginType type : types) {
                InstalledPlugin plugin = describe(source, type, name, failures);
                if (plugin != null) {
                    found.add(plugin);
                }
            }
        });
        return found;
    }

    private static InstalledPlugin describe(PluginSource source, PluginType type, String name,
            Consumer<ClassFailure> failures) {
        String kind = type.superType().getSimpleName();
        Class<?> pluginClass;
        Object instance;
        try {
            pluginClass = source.loadClass(name);
            if (!type.superType().isAssignableFrom(pluginClass)) {
                LOG.error("Failed to discover {} in {}: {} does not implement {}", kind, source, name, kind);
                failures.accept(new ClassFailure(name, type, "does not implement " + kind));
                return null;
            }
            if (!source.owns(pluginClass)) {
                LOG.debug("{} is visible from {} but not its own, excluding to prevent isolated loading", name, source);
                return null;
            }
            instance = newInstance(pluginClass);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.error("Failed to discover {} {} in {}: {}", kind, name, source, e.toString());
            failures.accept(new ClassFailure(name, type, "cannot be loaded: " + e
                    + (e instanceof LinkageError ? " (a dependency is missing or invalid)" : "")));
            return null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.error("Failed to discover {} {} in {}{}", kind, name, source, reflectiveErrorDescription(cause), cause);
            String description = reflectiveErrorDescription(cause);
            failures.accept(new ClassFailure(name, type, (description.isEmpty() ? "cannot be instantiated"
                    : description.substring(2)) + ": " + rootCause(cause)));
            return null;
        }
        String version = versionOf(instance, source.defaultVersion());
        PluginDescriptor descriptor = new PluginDescriptor(name, type, version, source.location());
        return InstalledPlugin.of(descriptor, pluginClass, source.isPlatform());
    }

    /** Kafka's KAFKA-8340: static initializers and constructors run with the plugin's own context class loader. */
    private static Object newInstance(Class<?> pluginClass) {
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(pluginClass.getClassLoader());
        try {
            return Utils.newInstance(pluginClass);
        } catch (LinkageError e) {
            throw new IllegalStateException(e);
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    /**
     * The plugin's {@link Versioned#version()}, as Kafka's {@code PluginScanner.versionFor} reads it, unless it says
     * nothing: since Kafka 4.1 every plugin interface is {@code Versioned} with a default of {@code "undefined"}, so
     * that value, null, blank or a failure falls back to the source's version (its bundle's; {@code undefined} for
     * the platform, as in Kafka).
     */
    private static String versionOf(Object instance, String defaultVersion) {
        if (!(instance instanceof Versioned versioned)) {
            return defaultVersion;
        }
        Thread thread = Thread.currentThread();
        ClassLoader saved = thread.getContextClassLoader();
        thread.setContextClassLoader(instance.getClass().getClassLoader());
        try {
            String version = versioned.version();
            boolean undefined = version == null || version.isBlank()
                    || version.equals(PlatformPluginSource.UNDEFINED_VERSION);
            return undefined ? defaultVersion : version;
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Failed to get plugin version for {}", instance.getClass(), e);
            return defaultVersion;
        } finally {
            thread.setContextClassLoader(saved);
        }
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** Kafka's {@code PluginScanner.reflectiveErrorDescription}. */
    private static String reflectiveErrorDescription(Throwable t) {
        if (t instanceof NoSuchMethodException) {
            return ": Plugin class must have a no-args constructor, and cannot be a non-static inner class";
        } else if (t instanceof SecurityException) {
            return ": Security settings must allow reflective instantiation of plugin classes";
        } else if (t instanceof IllegalAccessException) {
            return ": Plugin class default constructor must be public";
        } else if (t instanceof ExceptionInInitializerError) {
            return ": Failed to statically initialize plugin class";
        } else if (t instanceof InvocationTargetException) {
            return ": Failed to invoke plugin constructor";
        } else if (t instanceof LinkageError) {
            return ": Plugin class has a dependency which is missing or invalid";
        }
        return "";
    }
}
