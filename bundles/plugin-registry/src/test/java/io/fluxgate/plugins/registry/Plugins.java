package io.fluxgate.plugins.registry;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginType;

/** Builds index entries for real plugin classes, as discovery would. */
final class Plugins {

    private Plugins() {
    }

    static InstalledPlugin platform(Class<?> type, PluginType kind, String version) {
        return InstalledPlugin.of(new PluginDescriptor(type.getName(), kind, version, "platform"), type, true);
    }

    static InstalledPlugin isolated(Class<?> type, PluginType kind, String version, String location) {
        return InstalledPlugin.of(new PluginDescriptor(type.getName(), kind, version, location), type, false);
    }
}
