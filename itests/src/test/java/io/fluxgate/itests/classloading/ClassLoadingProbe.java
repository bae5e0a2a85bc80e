package io.fluxgate.itests.classloading;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads, in a child JVM, every name of a list through one plugin's class loader, built as a worker builds it, and
 * writes where each came from: one line {@code name<TAB>outcome<TAB>source<TAB>detail} per name, in the list's order.
 * It never runs in the test JVM: what a class loader finds depends on the JVM's class path, which is what is tested.
 *
 * <p>Outcomes: {@code plugin} (defined by the plugin's loader; source: the archive, relative to the plugin),
 * {@code worker} (defined by any other loader but the JDK's; source: the jar's file name), {@code jdk} (the bootstrap
 * or platform loader, or a JDK module of the application loader; source: the module), {@code missing}
 * ({@link ClassNotFoundException}) and {@code error:<simple name>} (a {@link LinkageError}, or a
 * {@link SecurityException} such as a signer mismatch; detail: its message). Classes are loaded, never initialised
 * ({@code Class.forName(name, false, loader)}).
 *
 * <pre>
 * ClassLoadingProbe apache   PLUGIN NAMES RESULTS
 * ClassLoadingProbe fluxgate PLUGIN NAMES RESULTS DISTRIBUTION STORE [DIRECTORY-JAR]
 * </pre>
 * The {@code fluxgate} mode first writes NAMES: every class of the plugin's archives (and of its loose class files)
 * and every class their class files reference, read by Fluxgate's own class-file reader; the {@code apache} mode
 * then probes the same names.
 */
public final class ClassLoadingProbe {

    private ClassLoadingProbe() {
    }

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Path plugin = Path.of(args[1]);
        Path namesFile = Path.of(args[2]);
        Path results = Path.of(args[3]);
        ClassLoader loader;
        Path pluginRoot;
        switch (args[0]) {
            case "apache" -> {
                loader = Apache.loader(plugin);
                pluginRoot = Files.isDirectory(plugin) ? plugin : plugin.getParent();
            }
            case "fluxgate" -> {
                Fluxgate.writeNames(plugin, namesFile);
                Fluxgate.Loader built = Fluxgate.loader(plugin, Path.of(args[4]), Path.of(args[5]),
                        args.length > 6 ? Path.of(args[6]) : null);
                loader = built.loader();
                pluginRoot = built.files();
            }
            default -> throw new IllegalArgumentException("mode apache or fluxgate, not " + args[0]);
        }
        List<String> names = Files.readAllLines(namesFile, StandardCharsets.UTF_8);
        try (Writer out = Files.newBufferedWriter(results, StandardCharsets.UTF_8)) {
            for (String name : names) {
                out.write(probe(name, loader, pluginRoot));
                out.write('\n');
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d names probed through %s in %d ms%n", args[0], names.size(), loader,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Apache Kafka Connect 4.3.1's own classes: never referenced but in this class. */
    private static final class Apache {

        /**
         * The plugin's loader as Apache makes it ({@code PluginUtils.isolatedPluginSource}: the URLs of
         * {@code pluginUrls(location)}, a {@code PluginClassLoader} from the factory), with the application class
         * loader as parent where Apache has its {@code DelegatingClassLoader}, whose own parent it is.
         */
        static ClassLoader loader(Path plugin) throws IOException {
            return org.apache.kafka.connect.runtime.isolation.PluginUtils.isolatedPluginSource(plugin,
                    ClassLoader.getSystemClassLoader(),
                    org.apache.kafka.connect.runtime.isolation.PluginClassLoader::new).loader();
        }
    }

    /** Fluxgate's classes (plugin-registry and fluxgate-api): never referenced but in this class. */
    private static final class Fluxgate {

        record Loader(ClassLoader loader, Path files) {
        }

        /**
         * The plugin's loader as the running worker makes it: its content stored as the deployer stores it, read by
         * a {@code PluginClassLoader} whose parent is the worker class path the launcher names.
         */
        static Loader loader(Path plugin, Path distribution, Path store, Path directoryJar) throws IOException {
            io.fluxgate.plugins.isolation.WorkerClassPath worker = io.fluxgate.plugins.isolation.WorkerClassPath.of(
                    distribution.resolve("lib").resolve("connect-runtime").toString(), null);
            io.fluxgate.plugins.content.PluginContentStore contents =
                    new io.fluxgate.plugins.content.PluginContentStore(store, worker);
            io.fluxgate.plugins.content.PluginContent content = directoryJar != null
                    ? contents.storeDirectory(directoryJar, plugin.getFileName().toString(), plugin)
                    : contents.storeJar(plugin);
            ClassLoader loader = new io.fluxgate.plugins.isolation.PluginClassLoader(plugin.toUri().toString(),
                    content.urls(), worker);
            return new Loader(loader, content.files());
        }

        /** Every class of the plugin, and every class one of its class files references, sorted. */
        static void writeNames(Path plugin, Path namesFile) throws IOException {
            Set<String> names = new TreeSet<>();
            List<Path> files;
            try (Stream<Path> walk = Files.walk(plugin)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path file : files) {
                String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
                if (lower.endsWith(".jar") || lower.endsWith(".zip")) {
                    try (ZipFile zip = new ZipFile(file.toFile())) {
                        for (ZipEntry entry : Collections.list(zip.entries())) {
                            if (isClass(entry.getName())) {
                                try (InputStream in = zip.getInputStream(entry)) {
                                    read(in, names);
                                }
                            }
                        }
                    }
                } else if (isClass(file.toString())) {
                    try (InputStream in = Files.newInputStream(file)) {
                        read(in, names);
                    }
                }
            }
            Files.write(namesFile, names, StandardCharsets.UTF_8);
        }

        /** Class files, also the versioned ones of a multi-release jar; not module descriptors. */
        private static boolean isClass(String path) {
            return path.endsWith(".class") && !path.endsWith("module-info.class");
        }

        private static void read(InputStream in, Set<String> names) throws IOException {
            try {
                io.fluxgate.plugins.scan.ClassFile file = io.fluxgate.plugins.scan.ClassFile.read(
                        new ByteArrayInputStream(in.readAllBytes()));
                names.add(file.header().name());
                names.addAll(file.references());
            } catch (EOFException | IllegalArgumentException e) {
                // not a class file: nothing a loader could define either
            }
        }
    }

    private static String probe(String name, ClassLoader loader, Path pluginRoot) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            return line(name, "missing", "", "");
        } catch (LinkageError | SecurityException e) {
            return line(name, "error:" + e.getClass().getSimpleName(), "", String.valueOf(e.getMessage()));
        }
        ClassLoader definer = type.getClassLoader();
        Module module = type.getModule();
        if (definer == null || definer == ClassLoader.getPlatformClassLoader()
                || module.isNamed() && module.getLayer() == ModuleLayer.boot()) {
            return line(name, "jdk", module.isNamed() ? module.getName() : "bootstrap", "");
        }
        Path source = source(type);
        if (definer == loader) {
            return line(name, "plugin", source == null ? "?" : relative(pluginRoot, source), "");
        }
        return line(name, "worker", source == null ? "?" : String.valueOf(source.getFileName()), "");
    }

    private static Path source(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        URL location = code == null ? null : code.getLocation();
        try {
            return location == null ? null : Path.of(location.toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String relative(Path root, Path source) {
        return root.toAbsolutePath().normalize().relativize(source.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    private static String line(String name, String outcome, String source, String detail) {
        return name + '\t' + outcome + '\t' + source + '\t' + detail.replaceAll("[\\t\\r\\n]+", " ");
    }
}
