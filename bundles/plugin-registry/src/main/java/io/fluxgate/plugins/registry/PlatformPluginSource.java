package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.ServiceManifests;

/**
 * The plugins every worker has (Kafka Connect's "classpath" plugins): those the worker class path declares in its
 * manifests, as Apache Kafka Connect 4.3.1 lists them: JsonConverter, StringConverter, the transformations and
 * predicates, connect-runtime's converters and override policies, MirrorMaker 2's connectors, Kafka's config
 * providers, the basic auth REST extension.
 */
final class PlatformPluginSource implements PluginSource {

    static final String LOCATION = "platform";
    /** Kafka's version of a plugin that does not implement {@code Versioned} ({@code PluginDesc.UNDEFINED_VERSION}). */
    static final String UNDEFINED_VERSION = "undefined";

    private final ClassLoader workerClassPath;

    PlatformPluginSource(ClassLoader workerClassPath) {
        this.workerClassPath = workerClassPath;
    }

    @Override
    public String location() {
        return LOCATION;
    }

    @Override
    public boolean isPlatform() {
        return true;
    }

    @Override
    public List<String> declared(PluginType type) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (URL manifest : new LinkedHashSet<>(Collections.list(
                workerClassPath.getResources(ServiceManifests.path(type))))) {
            try (InputStream in = manifest.openStream()) {
                names.addAll(ServiceManifests.read(in));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public boolean declaresOwn() {
        return true;
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return Class.forName(name, false, workerClassPath);
    }

    @Override
    public boolean owns(Class<?> type) {
        return true;
    }

    @Override
    public String defaultVersion() {
        return UNDEFINED_VERSION;
    }

    @Override
    public String toString() {
        return "the platform";
    }
}
