package io.fluxgate.plugins.isolation;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;

/**
 * The class loader of one plugin revision: its archives, with Apache Kafka Connect 4.3.1's delegation
 * ({@code PluginClassLoader}). A class {@link IsolationRule} isolates comes from the plugin's archives first, then from
 * the parent; any other class from the parent first, then from the plugin. Resources are the plugin's first; listed
 * resources are the plugin's, then the parent's. The parent is the worker class path ({@link WorkerClassPath}), never
 * another plugin.
 *
 * <p>Being a {@link URLClassLoader} over the plugin's own jars, it defines each package with its jar's manifest, so
 * {@code Package.getImplementationVersion()} answers as on Apache, and a class in the default package loads.
 */
public final class PluginClassLoader extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final String location;

    /**
     * @param location what the plugin is for people (its file or directory), in {@link #toString()}
     * @param urls     the plugin's archives (or its class directory), in Kafka's order
     * @param parent   the worker class path
     */
    public PluginClassLoader(String location, URL[] urls, ClassLoader parent) {
        super("plugin " + location, urls, parent);
        this.location = Objects.requireNonNull(location, "location");
    }

    public String location() {
        return location;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null && IsolationRule.loadsInIsolation(name)) {
                try {
                    type = findClass(name);
                } catch (ClassNotFoundException e) {
                    // not the plugin's own: the worker's, if it has one
                }
            }
            if (type == null) {
                // The parent first, then this loader's findClass: also how a plugin's own copy of a shared class
                // (an old kafka-clients' class that 4.x removed) is still found.
                type = super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        Objects.requireNonNull(name);
        URL url = findResource(name);
        return url != null ? url : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        Objects.requireNonNull(name);
        List<URL> resources = new ArrayList<>(Collections.list(findResources(name)));
        // The parent's own listing, not super's, which would list this loader's resources a second time.
        resources.addAll(Collections.list(getParent().getResources(name)));
        return Collections.enumeration(resources);
    }

    @Override
    public String toString() {
        return "PluginClassLoader{" + location + "}";
    }
}
