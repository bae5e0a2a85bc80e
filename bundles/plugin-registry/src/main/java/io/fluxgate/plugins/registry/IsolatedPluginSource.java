package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.PluginHeaders;
import io.fluxgate.plugins.ServiceManifests;
import io.fluxgate.plugins.content.PluginContent;
import io.fluxgate.plugins.isolation.PluginClassLoader;

/**
 * The plugins of one bundle revision that stands for a plugin jar or directory: its content (see
 * {@link PluginContent}) and the {@link PluginClassLoader} made for this revision, which loads them as Apache Kafka
 * Connect would.
 */
final class IsolatedPluginSource implements PluginSource {

    private final Bundle bundle;
    private final PluginContent content;
    private final PluginClassLoader loader;

    private IsolatedPluginSource(Bundle bundle, PluginContent content, PluginClassLoader loader) {
        this.bundle = bundle;
        this.content = content;
        this.loader = loader;
    }

    /** The source of a bundle that stands for a plugin, or null for any other bundle. */
    static IsolatedPluginSource of(Bundle bundle, ClassLoader workerClassPath) throws IOException {
        String dir = bundle.getHeaders("").get(PluginHeaders.CONTENT);
        if (dir == null) {
            return null;
        }
        PluginContent content = PluginContent.open(Path.of(dir));
        return new IsolatedPluginSource(bundle, content,
                new PluginClassLoader(bundle.getLocation(), content.urls(), workerClassPath));
    }

    PluginClassLoader loader() {
        return loader;
    }

    @Override
    public String location() {
        return bundle.getLocation();
    }

    @Override
    public boolean isPlatform() {
        return false;
    }

    /**
     * Every class the manifests visible to the plugin's loader name, as Kafka's {@code ServiceLoaderScanner} reads
     * them (the plugin's own, then the worker's): those the loader does not define itself are left out by
     * {@link #owns}, so a plugin carrying its own copy of one of Kafka's plugins (a newer JsonConverter) lists it.
     */
    @Override
    public List<String> declared(PluginType type) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (URL manifest : Collections.list(loader.getResources(ServiceManifests.path(type)))) {
            // Not through the JVM's cache of jar files, which would keep the plugin's jars open after its removal.
            URLConnection connection = manifest.openConnection();
            connection.setUseCaches(false);
            try (InputStream in = connection.getInputStream()) {
                names.addAll(ServiceManifests.read(in));
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public boolean declaresOwn() {
        return content.index().hasManifests();
    }

    @Override
    public Map<String, Set<PluginType>> scan() {
        return content.index().scanned();
    }

    @Override
    public boolean scannable() {
        return true;
    }

    @Override
    public Class<?> loadClass(String name) throws ClassNotFoundException {
        return loader.loadClass(name);
    }

    @Override
    public boolean owns(Class<?> type) {
        return type.getClassLoader() == loader;
    }

    /**
     * The version the jar's or directory's name (or the jar's Implementation-Version) gave; {@code undefined}, as
     * Kafka Connect says, when nothing did.
     */
    @Override
    public String defaultVersion() {
        String derived = bundle.getHeaders("").get(PluginHeaders.PLUGIN_VERSION);
        return derived == null ? PlatformPluginSource.UNDEFINED_VERSION : derived;
    }

    @Override
    public String toString() {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + bundle.getLocation() + ")";
    }
}
