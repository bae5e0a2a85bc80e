package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fluxgate.api.plugins.PluginType;

/** Where plugin classes come from: one plugin (a bundle revision), or the platform (the worker class path). */
interface PluginSource {

    /** What {@link io.fluxgate.api.plugins.PluginDescriptor#location()} says. */
    String location();

    /** True for the platform: Kafka Connect's class path plugins, which yield to isolated ones of the same version. */
    boolean isPlatform();

    /** The class names the manifests for {@code type} that this source sees list; empty without a manifest. */
    List<String> declared(PluginType type) throws IOException;

    /** True when the source has manifests of its own (not only those it sees on the worker class path). */
    boolean declaresOwn();

    Class<?> loadClass(String name) throws ClassNotFoundException;

    /** False for a class this source only sees through its parent: that plugin is the worker's. */
    boolean owns(Class<?> type);

    /**
     * The plugin classes found by reading the source's class files, for a source without any manifest: class name to
     * the plugin types it implements ({@link io.fluxgate.plugins.scan.PluginCandidates}). Empty where scanning does
     * not apply (the platform declares all of its plugins).
     */
    default Map<String, Set<PluginType>> scan() throws IOException {
        return Map.of();
    }

    /** Whether {@link #scan()} applies: a plugin jar or directory (the platform declares all of its plugins). */
    default boolean scannable() {
        return false;
    }

    /** The version of a plugin that does not implement {@code Versioned}. */
    String defaultVersion();
}
