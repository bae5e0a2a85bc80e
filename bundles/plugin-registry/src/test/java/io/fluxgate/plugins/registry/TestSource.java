package io.fluxgate.plugins.registry;

import java.util.List;
import java.util.Map;

import io.fluxgate.api.plugins.PluginType;

/** A plugin source whose manifests are given and whose classes come from the test class path. */
record TestSource(String location, Map<PluginType, List<String>> manifests, String defaultVersion)
        implements PluginSource {

    @Override
    public boolean isPlatform() {
        return false;
    }

    @Override
    public List<String> declared(PluginType type) {
        return manifests.getOrDefault(type, List.of());
    }

    @Override
    public boolean declaresOwn() {
        return manifests.values().stream().anyMatch(names -> !names.isEmpty());
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return Class.forName(name, false, getClass().getClassLoader());
    }

    @Override
    public boolean owns(Class<?> type) {
        return true;
    }
}
