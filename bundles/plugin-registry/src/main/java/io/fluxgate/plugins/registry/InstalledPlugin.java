package io.fluxgate.plugins.registry;

import java.util.Comparator;

import org.apache.maven.artifact.versioning.DefaultArtifactVersion;

import io.fluxgate.api.plugins.PluginDescriptor;

/**
 * One plugin class of one source, in one version, with the class itself (held only while its bundle is installed).
 * Ordered as Kafka Connect orders {@code PluginDesc}: class name, then version (Maven's ordering), then the platform
 * before isolated plugins, then location and type; so the last of equals is the one to use.
 *
 * @param encodedVersion the version as Maven compares it
 */
record InstalledPlugin(PluginDescriptor descriptor, Class<?> pluginClass, boolean platform,
        DefaultArtifactVersion encodedVersion) implements Comparable<InstalledPlugin> {

    private static final Comparator<InstalledPlugin> ORDER = Comparator
            .comparing(InstalledPlugin::className)
            .thenComparing(InstalledPlugin::encodedVersion)
            .thenComparing(plugin -> !plugin.platform())
            .thenComparing(plugin -> plugin.descriptor().location())
            .thenComparing(plugin -> plugin.descriptor().type());

    static InstalledPlugin of(PluginDescriptor descriptor, Class<?> pluginClass, boolean platform) {
        return new InstalledPlugin(descriptor, pluginClass, platform, new DefaultArtifactVersion(descriptor.version()));
    }

    String className() {
        return descriptor.className();
    }

    String version() {
        return descriptor.version();
    }

    @Override
    public int compareTo(InstalledPlugin other) {
        return ORDER.compare(this, other);
    }
}
