package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.ServiceManifests;

/**
 * A plugin jar in a class loader of its own, as a bundle holds it: its own package is loaded from the jar (child
 * first), the Connect API from the test class path. A {@link PluginSource} over it reads the jar's own manifests.
 */
final class IsolatedJar extends URLClassLoader implements PluginSource {

    private final String ownPackage;
    private final String version;

    IsolatedJar(URL jar, String ownPackage, String version) {
        super(new URL[] {jar}, IsolatedJar.class.getClassLoader());
        this.ownPackage = ownPackage + ".";
        this.version = version;
    }

    /** The jar on the test class path that holds {@code type}. */
    static URL jarOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            if (name.startsWith(ownPackage)) {
                Class<?> loaded = findLoadedClass(name);
                return loaded != null ? loaded : findClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }

    @Override
    public String location() {
        return getURLs()[0].toString();
    }

    @Override
    public boolean isPlatform() {
        return false;
    }

    @Override
    public List<String> declared(PluginType type) throws IOException {
        URL manifest = findResource(ServiceManifests.path(type));
        if (manifest == null) {
            return List.of();
        }
        try (InputStream in = manifest.openStream()) {
            return ServiceManifests.read(in);
        }
    }

    @Override
    public boolean declaresOwn() {
        for (PluginType type : PluginType.values()) {
            if (findResource(ServiceManifests.path(type)) != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean owns(Class<?> type) {
        return type.getClassLoader() == this;
    }

    @Override
    public String defaultVersion() {
        return version;
    }
}
