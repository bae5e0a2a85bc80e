package io.fluxgate.plugins.content;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.BoundedReads;
import io.fluxgate.plugins.ServiceManifests;
import io.fluxgate.plugins.isolation.IsolationRule;
import io.fluxgate.plugins.isolation.WorkerClassPath;
import io.fluxgate.plugins.scan.ClassFile;
import io.fluxgate.plugins.scan.ClassFiles;
import io.fluxgate.plugins.scan.ClassHeader;
import io.fluxgate.plugins.scan.PluginCandidates;

/**
 * Reads a plugin's archives once, as its class loader would see them (the first archive that has a class wins), and
 * tells what {@link ContentIndex} holds. Only the classes the plugin's hierarchy leads to outside the plugin are
 * loaded, from the worker class path; everything else is read as bytes.
 */
final class ContentIndexer {

    private final WorkerClassPath workerClassPath;

    /** @param workerClassPath what a plugin finds outside its own archives */
    ContentIndexer(WorkerClassPath workerClassPath) {
        this.workerClassPath = workerClassPath;
    }

    ContentIndex index(Path files, List<String> classPath) throws IOException {
        Reading reading = new Reading(workerClassPath.packages());
        for (String entry : classPath) {
            Path path = files.resolve(entry);
            if (Files.isDirectory(path)) {
                reading.readDirectory(path);
            } else {
                reading.readArchive(path);
            }
        }
        Map<String, ClassHeader> headers = new LinkedHashMap<>();
        reading.classes.forEach((name, file) -> headers.put(name, file.header()));
        Map<String, Set<PluginType>> scanned = new PluginCandidates(headers, this::workerClass).find();
        return new ContentIndex(reading.declared, scanned, missing(reading.classes));
    }

    /**
     * Each package referenced by the plugin's classes that neither the plugin nor the worker class path (nor the
     * JDK) has, with the first referring class by name. Packages, not classes: what a user learns from it is which jar
     * to add, and a package lookup costs a hash probe where a class lookup costs one per jar.
     */
    private Map<String, String> missing(Map<String, ClassFile> classes) {
        Set<String> provided = new HashSet<>(workerClassPath.packages());
        classes.keySet().forEach(name -> provided.add(packageOf(name)));
        Map<String, String> missing = new TreeMap<>();
        for (ClassFile file : classes.values()) {
            for (String reference : file.references()) {
                String pkg = packageOf(reference);
                if (!provided.contains(pkg)) {
                    missing.merge(pkg, file.header().name(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
        }
        return missing;
    }

    private Class<?> workerClass(String name) {
        try {
            return Class.forName(name, false, workerClassPath);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    /**
     * What the archives hold, in class path order. Only the classes the plugin's loader would define itself are read:
     * a copy of a class the worker shares and has (a plugin's own kafka-clients or connect-api) is never loaded from
     * the plugin, so neither its hierarchy nor its references matter, and skipping it saves inflating most of a
     * kafka-clients jar.
     */
    private static final class Reading {
        final Map<PluginType, List<String>> declared = new EnumMap<>(PluginType.class);
        final Map<String, ClassFile> classes = new LinkedHashMap<>();
        private final Set<String> workerPackages;

        Reading(Set<String> workerPackages) {
            this.workerPackages = workerPackages;
        }

        void readArchive(Path archive) throws IOException {
            try (ZipFile zip = new ZipFile(archive.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    if (!entry.isDirectory() && !sharedWithWorker(entry.getName())) {
                        try (InputStream in = zip.getInputStream(entry)) {
                            read(entry.getName(), in);
                        }
                    }
                }
            }
        }

        void readDirectory(Path root) throws IOException {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path path : paths) {
                String name = root.relativize(path).toString().replace('\\', '/');
                if (!sharedWithWorker(name)) {
                    try (InputStream in = Files.newInputStream(path)) {
                        read(name, in);
                    }
                }
            }
        }

        /** True for the class file of a class the worker shares with plugins and has: the plugin's copy never loads. */
        private boolean sharedWithWorker(String path) {
            if (!ClassFiles.isClassFile(path)) {
                return false;
            }
            String className = path.substring(0, path.length() - ".class".length()).replace('/', '.');
            return !IsolationRule.loadsInIsolation(className) && workerPackages.contains(packageOf(className));
        }

        private void read(String name, InputStream in) throws IOException {
            PluginType manifest = manifestType(name);
            if (manifest != null) {
                Set<String> names = new LinkedHashSet<>(declared.getOrDefault(manifest, List.of()));
                try {
                    names.addAll(ServiceManifests.read(in));
                } catch (IOException e) {
                    throw new IOException(name + ": " + e.getMessage(), e);
                }
                declared.put(manifest, new ArrayList<>(names));
            } else if (ClassFiles.isClassFile(name)) {
                try {
                    ClassFile file = ClassFile.read(BoundedReads.readAtMost(in, BoundedReads.CLASS_FILE_MAX_BYTES,
                            name));
                    classes.putIfAbsent(file.header().name(), file);
                } catch (EOFException | IllegalArgumentException e) {
                    // a truncated or malformed class file: it could not be loaded either
                }
            }
        }

        private static PluginType manifestType(String name) {
            for (PluginType type : PluginType.values()) {
                if (name.equals(ServiceManifests.path(type))) {
                    return type;
                }
            }
            return null;
        }
    }
}
