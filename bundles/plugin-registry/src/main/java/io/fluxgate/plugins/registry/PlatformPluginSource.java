package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.osgi.framework.Bundle;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.PlatformPackages;
import io.fluxgate.plugins.ServiceManifests;

/**
 * The plugins every worker has (Kafka Connect's "classpath" plugins): JsonConverter, StringConverter, the
 * transformations, Kafka's config providers and runtime converters. They are listed by the manifests of the
 * launcher's class path, through the system bundle, and only those in packages the system bundle exports count: the
 * embedded broker's jars are on the same class path but not shared.
 */
final class PlatformPluginSource implements PluginSource {

    static final String LOCATION = "platform";
    /** Kafka's version of a plugin that does not implement {@code Versioned} ({@code PluginDesc.UNDEFINED_VERSION}). */
    static final String UNDEFINED_VERSION = "undefined";

    private final Bundle systemBundle;
    private final Set<String> exportedPackages;

    PlatformPluginSource(Bundle systemBundle, Set<String> exportedPackages) {
        this.systemBundle = systemBundle;
        this.exportedPackages = exportedPackages;
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
        Enumeration<URL> manifests = systemBundle.getResources(ServiceManifests.path(type));
        if (manifests == null) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (URL manifest : new LinkedHashSet<>(Collections.list(manifests))) {
            try (InputStream in = manifest.openStream()) {
                for (String name : ServiceManifests.read(in)) {
                    if (exportedPackages.contains(PlatformPackages.packageOf(name))) {
                        names.add(name);
                    }
                }
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return systemBundle.loadClass(name);
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
