package io.fluxgate.plugins.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWiring;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.PluginHeaders;
import io.fluxgate.plugins.ServiceManifests;
import io.fluxgate.plugins.scan.ClassFiles;
import io.fluxgate.plugins.scan.ClassHeader;
import io.fluxgate.plugins.scan.PluginCandidates;

/**
 * The plugins of one bundle: the manifests and class files of its own class path (its jar, and the jars of its
 * Bundle-ClassPath for a plugin directory; not resources reached through imports), its class loader, and its version
 * for plugins that do not say theirs.
 */
final class BundlePluginSource implements PluginSource {

    private static final String SERVICES_DIR = "META-INF/services";

    private final Bundle bundle;
    private Set<String> localManifests;

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
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null) {
            return List.of();
        }
        // Listed locally first: only then is the manifest this bundle's own (and not, say, the platform's).
        if (!localManifests(wiring).contains(type.superType().getName())) {
            return List.of();
        }
        Enumeration<URL> manifests = wiring.getClassLoader().getResources(ServiceManifests.path(type));
        Set<String> names = new LinkedHashSet<>();
        for (URL manifest : Collections.list(manifests)) {
            try (InputStream in = manifest.openStream()) {
                names.addAll(ServiceManifests.read(in));
            }
        }
        return new ArrayList<>(names);
    }

    /**
     * The names of the files in META-INF/services on the bundle's own class path, listed once: listing resources
     * costs Felix the same whatever the pattern, and discovery asks for each of the nine plugin types.
     */
    private Set<String> localManifests(BundleWiring wiring) {
        if (localManifests == null) {
            Set<String> names = new HashSet<>();
            for (String path : wiring.listResources(SERVICES_DIR, "*", BundleWiring.LISTRESOURCES_LOCAL)) {
                names.add(path.substring(path.lastIndexOf('/') + 1));
            }
            localManifests = names;
        }
        return localManifests;
    }

    /**
     * Reads the header of every class file on the bundle's class path; loads only the platform classes they extend.
     * Only a bundle made from a plain jar or a directory is scanned: a bundle built as one (the platform's own, with
     * thousands of classes, or a plugin author's) says what it provides in its manifests.
     */
    @Override
    public Map<String, Set<PluginType>> scan() throws IOException {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null || !scannable()) {
            return Map.of();
        }
        Collection<String> resources = wiring.listResources("/", "*.class",
                BundleWiring.LISTRESOURCES_RECURSE | BundleWiring.LISTRESOURCES_LOCAL);
        ClassLoader loader = wiring.getClassLoader();
        Map<String, ClassHeader> headers = new LinkedHashMap<>();
        for (String resource : resources) {
            if (ClassFiles.isClassFile(resource)) {
                try (InputStream in = loader.getResourceAsStream(resource)) {
                    if (in != null) {
                        ClassFiles.add(headers, in);
                    }
                }
            }
        }
        return new PluginCandidates(headers, this::loadOrNull).find();
    }

    @Override
    public boolean scannable() {
        return bundle.getHeaders("").get(PluginHeaders.SOURCE) != null;
    }

    private Class<?> loadOrNull(String name) {
        try {
            return bundle.loadClass(name);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
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

    /**
     * The bundle's version when someone gave it one: the bundle's author (Bundle-Version), or the name of the jar or
     * directory a wrapped bundle was made from ({@link PluginHeaders#PLUGIN_VERSION}). A wrapped jar whose name and
     * manifest say no version has none, and its plugins are {@code undefined}, as Kafka Connect says of them.
     */
    @Override
    public String defaultVersion() {
        var headers = bundle.getHeaders("");
        if (headers.get(PluginHeaders.SOURCE) != null) {
            String derived = headers.get(PluginHeaders.PLUGIN_VERSION);
            return derived == null ? PlatformPluginSource.UNDEFINED_VERSION : derived;
        }
        return headers.get(Constants.BUNDLE_VERSION) == null ? PlatformPluginSource.UNDEFINED_VERSION
                : bundle.getVersion().toString();
    }

    @Override
    public String toString() {
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " (" + bundle.getLocation() + ")";
    }
}
