package io.fluxgate.api.plugins;

import java.util.Objects;

/**
 * One installed plugin class in one version.
 *
 * @param className the fully qualified class name
 * @param type      what kind of plugin it is
 * @param version   the plugin's version ({@code Versioned.version()}, else its bundle's version; {@code undefined}
 *                  for a platform plugin that does not say it, as in Kafka Connect); never null
 * @param location  where it came from: the file in plugins/ that delivered it, or {@code platform} for the
 *                  converters and transformations every worker has
 */
public record PluginDescriptor(String className, PluginType type, String version, String location) {

    public PluginDescriptor {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(location, "location");
    }
}
