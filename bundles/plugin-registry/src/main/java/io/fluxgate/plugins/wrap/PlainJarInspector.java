package io.fluxgate.plugins.wrap;

import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.ServiceManifests;

/**
 * Decides what a jar is from its manifest and its KIP-898 plugin manifests, without loading anything.
 *
 * <p>FileInstall asks again at every poll about a file no one handles, so verdicts are kept per file, size and
 * modification time, and each is logged once. Opening a jar reads its central directory, written last: a jar still
 * being copied does not open, and is judged again once its size or time changes.
 */
final class PlainJarInspector {

    private static final Logger LOG = LoggerFactory.getLogger(PlainJarInspector.class);

    private record Seen(long length, long lastModified, JarVerdict verdict) {
    }

    private final Map<File, Seen> seen = new ConcurrentHashMap<>();

    JarVerdict inspect(File file) {
        long length = file.length();
        long lastModified = file.lastModified();
        Seen before = seen.get(file);
        if (before != null && before.length() == length && before.lastModified() == lastModified) {
            return before.verdict();
        }
        JarVerdict verdict = judge(file);
        seen.put(file, new Seen(length, lastModified, verdict));
        return verdict;
    }

    private static JarVerdict judge(File file) {
        try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            if (manifest != null && manifest.getMainAttributes()
                    .getValue(new Attributes.Name(Constants.BUNDLE_SYMBOLICNAME)) != null) {
                return JarVerdict.BUNDLE;
            }
            for (PluginType type : PluginType.values()) {
                if (jar.getEntry(ServiceManifests.path(type)) != null) {
                    return JarVerdict.PLUGIN;
                }
            }
            // Plugins without manifests are found by scanning classes in Kafka (plugin.discovery=hybrid_warn):
            // not done here yet; such a jar is reported and left alone.
            LOG.warn("{} is not installed: it declares no Kafka Connect plugin (no META-INF/services manifest for a "
                    + "plugin interface, as KIP-898 defines them); add the manifests, e.g. with Kafka's "
                    + "connect-plugin-path.sh sync-manifests", file.getName());
            return JarVerdict.NOT_A_PLUGIN;
        } catch (IOException | SecurityException e) {
            LOG.warn("{} is not installed: it cannot be read as a jar ({}); it is tried again when it changes",
                    file.getName(), e.getMessage());
            return JarVerdict.UNREADABLE;
        }
    }
}
