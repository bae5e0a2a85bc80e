package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.ServiceManifests;

/**
 * The plugins of one bundle: its own manifests (entries of its jar, not resources reached through imports), its
 * class loader, and its version for plugins that do not say theirs.
 */
final class BundlePluginSource implements PluginSource {

    private final Bundle bundle;

    BundlePluginSource(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public String location() {
        return bundle.getLocation();
    }

    @Override
    public boolean isPlatform() {
        return false;
    }

    @Override
    public List<String> declared(PluginType type) throws IOException {
        URL manifest = bundle.getEntry(ServiceManifests.path(type));
        if (manifest == null) {
            return List.of();
        }
        try (InputStream in = manifest.openStream()) {
            return ServiceManifests.read(in);
        }
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return bundle.loadClass(name);
    }

    @Override
    public boolean owns(Class<?> type) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        return wiring != null && type.getClassLoader() == wiring.getClassLoader();
    }

    @Override
    public String defaultVersion() {
        return bundle.getVersion().toString();
    }

    @Override
    public String toString() {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + bundle.getLocation() + ")";
    }
}
