package io.fluxgate.plugins.isolation;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The worker class path as plugins see it: the jars of Apache Kafka Connect 4.3.1's worker class path, at the same
 * versions, minus what Apache's class path does not have and no plugin may reach (the OSGi framework and Fluxgate's
 * own launcher). They are in two places: the launcher's {@code lib/} (the JVM's application class path: kafka-clients,
 * connect-api, connect-json, Jackson, the broker's jars...), whose classes the platform shares, and
 * {@code lib/connect-runtime/} (connect-runtime, MirrorMaker 2, Jetty, Jersey...), which this loader reads itself so
 * that no platform bundle ever sees them (the REST bundle embeds its own Jetty and Jersey). A class the worker and a
 * plugin exchange (a Jackson node through {@code JsonConverter}) is thus one class.
 *
 * <p>Hiding the framework also keeps libraries that probe for OSGi (Jersey, JDBC drivers, logging) on the path they
 * take on Apache's worker.
 */
public final class WorkerClassPath extends URLClassLoader {

    static {
        ClassLoader.registerAsParallelCapable();
    }

    /** Packages that are on the launcher's class path for the platform's sake only. */
    private static final List<String> HIDDEN_PACKAGES = List.of("org.osgi.", "org.apache.felix.", "io.fluxgate.");
    /** The jars of those packages, by file name, whose other resources (service files) are hidden too. */
    private static final List<String> HIDDEN_JARS = List.of("org.osgi.", "osgi.", "org.apache.felix.", "fluxgate-");

    private final ClassLoader application;
    /** The file names of the application class path's jars that count; null when all do (the distribution's lib/). */
    private final Set<String> applicationJars;
    private final Map<String, Boolean> admittedLocations = new ConcurrentHashMap<>();
    private volatile Set<String> packages;

    /**
     * @param application     the launcher's class loader: {@link ClassLoader#getSystemClassLoader()}
     * @param extraJars       the jars of {@code lib/connect-runtime/}
     * @param applicationJars the file names of the application class path's jars that are part of the worker class
     *                        path, or null for all of them: in-framework tests name the distribution's lib/, since
     *                        their class path also holds the test's own libraries
     */
    public WorkerClassPath(ClassLoader application, List<URL> extraJars, Set<String> applicationJars) {
        super("fluxgate-worker-class-path", extraJars.toArray(URL[]::new), application);
        this.application = application;
        this.applicationJars = applicationJars == null ? null : Set.copyOf(applicationJars);
    }

    /** Over the whole application class path alone. */
    public WorkerClassPath(ClassLoader application) {
        this(application, List.of(), null);
    }

    /**
     * The worker class path of this JVM: its application class path (only the jars named by
     * {@code applicationJars}, a comma-separated list, when it is set), and the jars of {@code directory} when there
     * is one (the launcher names it).
     */
    public static WorkerClassPath of(String directory, String applicationJars) throws IOException {
        List<URL> jars = new ArrayList<>();
        if (directory != null && Files.isDirectory(Path.of(directory))) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(directory), "*.jar")) {
                for (Path jar : files) {
                    jars.add(jar.toUri().toURL());
                }
            }
        }
        jars.sort((a, b) -> a.toString().compareTo(b.toString()));
        Set<String> admitted = applicationJars == null ? null : Set.of(applicationJars.split(","));
        return new WorkerClassPath(ClassLoader.getSystemClassLoader(), jars, admitted);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (hiddenClass(name)) {
            throw new ClassNotFoundException(name + " is not on the worker class path plugins see");
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                try {
                    Class<?> parents = application.loadClass(name);
                    if (admitted(parents)) {
                        type = parents;
                    }
                } catch (ClassNotFoundException e) {
                    // not the launcher's: lib/connect-runtime/, or nowhere
                }
            }
            if (type == null) {
                type = findClass(name);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        try {
            Enumeration<URL> all = getResources(name);
            return all.hasMoreElements() ? all.nextElement() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (hiddenResource(name)) {
            return Collections.emptyEnumeration();
        }
        List<URL> visible = new ArrayList<>();
        for (URL url : Collections.list(application.getResources(name))) {
            if (admitted(url)) {
                visible.add(url);
            }
        }
        visible.addAll(Collections.list(findResources(name)));
        return Collections.enumeration(visible);
    }

    /**
     * Every package a plugin finds here: the JDK's, and those of the jars and directories of the worker class path,
     * but the hidden ones. Read once, on first use (some hundred thousand jar entries).
     */
    public Set<String> packages() {
        Set<String> known = packages;
        if (known == null) {
            synchronized (this) {
                known = packages;
                if (known == null) {
                    known = listPackages();
                    packages = known;
                }
            }
        }
        return known;
    }

    private Set<String> listPackages() {
        Set<String> found = new HashSet<>();
        ModuleLayer.boot().modules().forEach(module -> found.addAll(module.getPackages()));
        List<Path> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank() && admitted(Path.of(entry).getFileName().toString(), Files.isDirectory(Path.of(entry)))) {
                entries.add(Path.of(entry));
            }
        }
        for (URL url : getURLs()) {
            try {
                entries.add(Path.of(url.toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file: nothing to list
            }
        }
        for (Path entry : entries) {
            try {
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> walk = Files.walk(entry)) {
                        walk.filter(path -> path.toString().endsWith(".class")).forEach(path -> found.add(
                                packageOf(entry.relativize(path).toString().replace(File.separatorChar, '/'))));
                    }
                } else if (Files.isRegularFile(entry)) {
                    try (JarFile jar = new JarFile(entry.toFile())) {
                        jar.stream().filter(e -> e.getName().endsWith(".class"))
                                .forEach(e -> found.add(packageOf(e.getName())));
                    }
                }
            } catch (IOException e) {
                // an unreadable class path entry provides nothing
            }
        }
        found.removeIf(pkg -> hiddenClass(pkg + "."));
        return Set.copyOf(found);
    }

    /** True for a class of the JDK, or of a jar of the application class path that is part of the worker's. */
    private boolean admitted(Class<?> type) {
        if (type.getClassLoader() != application) {
            return true;
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null || admittedLocation(source.getLocation().toString());
    }

    /** True for a resource of the JDK, or of a jar of the application class path that is part of the worker's. */
    private boolean admitted(URL resource) {
        String text = resource.toString();
        if ("jar".equals(resource.getProtocol())) {
            int bang = text.indexOf("!/");
            return bang < 0 || admittedLocation(text.substring(4, bang));
        }
        return !"file".equals(resource.getProtocol()) || admittedLocation(text);
    }

    private boolean admittedLocation(String location) {
        return admittedLocations.computeIfAbsent(location, key -> {
            String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
            boolean directory = key.endsWith("/") || !trimmed.endsWith(".jar");
            return admitted(trimmed.substring(trimmed.lastIndexOf('/') + 1), directory);
        });
    }

    /** A jar (by file name) or directory of the application class path. */
    private boolean admitted(String fileName, boolean directory) {
        if (HIDDEN_JARS.stream().anyMatch(fileName::startsWith)) {
            return false;
        }
        return applicationJars == null || (!directory && applicationJars.contains(fileName));
    }

    /** The package of a class file's path, with dots; "" for the default package; versioned entries count once. */
    private static String packageOf(String classFile) {
        String path = classFile.startsWith("META-INF/versions/")
                ? classFile.substring(classFile.indexOf('/', "META-INF/versions/".length()) + 1) : classFile;
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash).replace('/', '.');
    }

    private static boolean hiddenClass(String name) {
        for (String prefix : HIDDEN_PACKAGES) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hiddenResource(String path) {
        String name = path.startsWith("/") ? path.substring(1) : path;
        return name.endsWith(".class") && hiddenClass(name.replace('/', '.'));
    }

    @Override
    public String toString() {
        return "WorkerClassPath";
    }
}
