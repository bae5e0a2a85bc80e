package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import io.fluxgate.plugins.scan.PluginCandidates;

/**
 * Finds the plugins of a source as Kafka Connect 4.3.1 does for the worker's {@code plugin.discovery} (KIP-898,
 * {@link DiscoveryMode}): through the manifests the source's loader sees, as Kafka's {@code ServiceLoaderScanner}, and,
 * except under {@code service_load}, by reading its class files as well, as Kafka's {@code ReflectionScanner}; the
 * plugins found either way are listed. Each class is loaded and instantiated with its own class loader as the thread
 * context class loader, and its version read from {@link Versioned}, or from its source when it does not say. A class
 * only found by reading class files is named in a warning ({@code hybrid_warn}) that says which manifests to add, or
 * refused ({@code hybrid_fail}: Kafka stops the worker; a plugin deployed while the worker runs must never do that).
 * A class that cannot be loaded or built (missing dependency, constructor or static initializer that throws, no public
 * no-argument constructor) is left out with one error line, as Kafka's "Failed to discover" lines, and reported; it
 * never stops the others.
 */
final class PluginDiscovery {

    private static final Logger LOG = LoggerFactory.getLogger(PluginDiscovery.class);

    private record Found(String className, PluginType type) {
    }

    private PluginDiscovery() {
    }

    static List<InstalledPlugin> discover(PluginSource source) {
        return discover(source, DiscoveryMode.HYBRID_WARN, failure -> { }, refusal -> { });
    }

    /**
     * The plugins of {@code source} found as {@code mode} says; each class left out is also handed to
     * {@code failures}, and the reason plugins of a jar are not used under {@code hybrid_fail} or
     * {@code service_load} to {@code refusals}.
     */
    static List<InstalledPlugin> discover(PluginSource source, DiscoveryMode mode, Consumer<ClassFailure> failures,
            Consumer<String> refusals) {
        boolean scans = source.scannable() && mode != DiscoveryMode.SERVICE_LOAD;
        // A class is described once, whichever way it was found: a second try of a class whose static initializer
        // failed would only say "Could not initialize class".
        Set<Found> tried = new HashSet<>();
        Map<Found, InstalledPlugin> serviceLoaded = new LinkedHashMap<>();
        for (PluginType type : PluginType.values()) {
            // Under only_scan Kafka still finds config providers, REST extensions and policies through manifests.
            if (mode == DiscoveryMode.ONLY_SCAN && scans && PluginCandidates.SCANNED.contains(type)) {
                continue;
            }
            List<String> names;
            try {
                names = source.declared(type);
            } catch (IOException | RuntimeException e) {
                LOG.error("Failed to read the {} manifests of {}: {}", type.superType().getSimpleName(), source,
                        e.toString());
                continue;
            }
            for (String name : names) {
                describeInto(serviceLoaded, tried, source, type, name, failures);
            }
        }
        if (!scans) {
            if (mode == DiscoveryMode.SERVICE_LOAD && source.scannable() && !source.declaresOwn()) {
                refusals.accept(source.location() + " declares no plugin in META-INF/services manifests, and "
                        + "plugin.discovery=service_load finds plugins only through them: add the manifests (Kafka's "
                        + "connect-plugin-path.sh sync-manifests writes them) or set plugin.discovery=hybrid_warn.");
            }
            return new ArrayList<>(serviceLoaded.values());
        }
        Map<Found, InstalledPlugin> all = new LinkedHashMap<>(serviceLoaded);
        Map<Found, InstalledPlugin> onlyScanned = new LinkedHashMap<>();
        scanned(source).forEach((name, types) -> {
            for (PluginType type : types) {
                describeInto(onlyScanned, tried, source, type, name, failures);
            }
        });
        all.putAll(onlyScanned);
        if (onlyScanned.isEmpty() || mode == DiscoveryMode.ONLY_SCAN) {
            return new ArrayList<>(all.values());
        }
        List<String> missing = onlyScanned.values().stream().map(InstalledPlugin::className).distinct().toList();
        if (mode == DiscoveryMode.HYBRID_FAIL) {
            refusals.accept(source.location() + " has plugins without META-INF/services manifests (" + String.join(
                    ", ", missing) + "), which plugin.discovery=hybrid_fail refuses: add the manifests (Kafka's "
                    + "connect-plugin-path.sh sync-manifests writes them) or set plugin.discovery=hybrid_warn.");
            return new ArrayList<>(serviceLoaded.values());
        }
        LOG.warn("{} has plugins without META-INF/services manifests (KIP-898), found by reading its class files, "
                + "which is slower and not done under plugin.discovery=service_load: {}; add the manifests, e.g. with "
                + "Kafka's connect-plugin-path.sh sync-manifests", source, missing);
        return new ArrayList<>(all.values());
    }

    private static Map<String, Set<PluginType>> scanned(PluginSource source) {
        try {
            return source.scan();
        } catch (IOException | RuntimeException e) {
            LOG.error("Failed to scan the classes of {}: {}", source, e.toString());
            return Map.of();
        }
    }

    private static void describeInto(Map<Found, InstalledPlugin> found, Set<Found> tried, PluginSource source,
            PluginType type, String name, Consumer<ClassFailure> failures) {
        Found key = new Found(name, type);
        if (tried.add(key)) {
            InstalledPlugin plugin = describe(source, type, name, failures);
            if (plugin != null) {
                found.put(key, plugin);
            }
        }
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
