package io.fluxgate.plugins.wrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.ServiceManifests;
import io.fluxgate.plugins.scan.ClassFiles;
import io.fluxgate.plugins.scan.ClassHeader;
import io.fluxgate.plugins.scan.PluginCandidates;

/**
 * Decides what a jar is from its manifest, its KIP-898 plugin manifests and, without them, the headers of its class
 * files (see {@link PluginCandidates}), loading nothing of the jar itself.
 *
 * <p>FileInstall asks again at every poll about a file no one handles, so verdicts are kept per file, size and
 * modification time. Opening a jar reads its central directory, written last: a jar still being copied does not
 * open, and is judged again once its size or time changes. A plugin directory's jars are each checked the same way.
 */
final class PlainJarInspector {

    /**
     * A verdict and, for a file that is not installed, why (one sentence for the log and the operator).
     *
     * @param classPath for a plugin directory, its jars (paths inside FileInstall's jar of it); empty otherwise
     */
    record Judgement(JarVerdict verdict, String reason, List<String> classPath) {

        Judgement(JarVerdict verdict, String reason) {
            this(verdict, reason, List.of());
        }
    }

    private record Seen(long length, long lastModified, boolean directory, Judgement judgement) {
    }

    private final Map<File, Seen> seen = new ConcurrentHashMap<>();
    private final Function<String, Class<?>> platform;
    private final BiConsumer<File, Judgement> onJudged;

    /**
     * @param platform loads a class of the platform by name, or answers null: what plugin classes may extend
     * @param onJudged told of each new verdict (not of those repeated for an unchanged file), to report it once
     */
    PlainJarInspector(Function<String, Class<?>> platform, BiConsumer<File, Judgement> onJudged) {
        this.platform = platform;
        this.onJudged = onJudged;
    }

    JarVerdict inspect(File file) {
        return judge(file, false).verdict();
    }

    /**
     * @param directory true when {@code file} is FileInstall's jar of a plugin directory: its nested jars are the
     *                  plugin's class path, as in Kafka's plugin.path
     */
    Judgement judge(File file, boolean directory) {
        long length = file.length();
        long lastModified = file.lastModified();
        Seen before = seen.get(file);
        if (before != null && before.length() == length && before.lastModified() == lastModified
                && before.directory() == directory) {
            return before.judgement();
        }
        Judgement judgement = judgeNow(file, directory);
        seen.put(file, new Seen(length, lastModified, directory, judgement));
        onJudged.accept(file, judgement);
        return judgement;
    }

    private Judgement judgeNow(File file, boolean directory) {
        boolean hasManifests;
        Map<String, ClassHeader> classes = new LinkedHashMap<>();
        try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            if (manifest != null && manifest.getMainAttributes()
                    .getValue(new Attributes.Name(Constants.BUNDLE_SYMBOLICNAME)) != null) {
                return new Judgement(JarVerdict.BUNDLE, null);
            }
            hasManifests = hasManifests(jar);
            if (!directory && !hasManifests) {
                // Only a jar without manifests is scanned (at deploy time, as here): the usual case costs nothing.
                for (JarEntry entry : Collections.list(jar.entries())) {
                    if (ClassFiles.isClassFile(entry.getName())) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            ClassFiles.add(classes, in);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return new Judgement(JarVerdict.UNREADABLE, "it cannot be read as a jar (" + e.getMessage()
                    + "); it is tried again when it changes");
        }
        List<String> classPath = List.of();
        if (directory) {
            JarContent content;
            try (InputStream in = Files.newInputStream(file.toPath())) {
                content = JarContent.read(in, true);
            } catch (IOException | RuntimeException e) {
                return new Judgement(JarVerdict.UNREADABLE, "it cannot be read (" + e.getMessage()
                        + "); it is tried again when it changes");
            }
            hasManifests = content.hasManifests;
            classes = content.classes;
            classPath = List.copyOf(content.archives);
        }
        JarVerdict plugin = classPath.isEmpty() ? JarVerdict.PLUGIN : JarVerdict.PLUGIN_DIRECTORY;
        if (hasManifests || !new PluginCandidates(classes, this::platformClass).find().isEmpty()) {
            return new Judgement(plugin, null, classPath);
        }
        return new Judgement(JarVerdict.NOT_A_PLUGIN, "it declares no Kafka Connect plugin (no META-INF/services "
                + "manifest for a plugin interface, as KIP-898 defines them) and none of its classes is a connector, "
                + "converter, header converter, transformation or predicate");
    }

    private static boolean hasManifests(JarFile jar) {
        for (PluginType type : PluginType.values()) {
            if (jar.getEntry(ServiceManifests.path(type)) != null) {
                return true;
            }
        }
        return false;
    }

    private Class<?> platformClass(String name) {
        try {
            return platform.apply(name);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
