package io.fluxgate.plugins.isolation;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

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

    /**
     * @param application the launcher's class loader: {@link ClassLoader#getSystemClassLoader()}
     * @param extraJars   the jars of {@code lib/connect-runtime/}
     */
    public WorkerClassPath(ClassLoader application, List<URL> extraJars) {
        super("fluxgate-worker-class-path", extraJars.toArray(URL[]::new), application);
    }

    /** Over the application class path alone (tests, where it holds the whole worker class path). */
    public WorkerClassPath(ClassLoader application) {
        this(application, List.of());
    }

    /**
     * The worker class path of this JVM: its application class path, and the jars of {@code directory} when there is
     * one (the launcher names it; in-framework tests have none).
     */
    public static WorkerClassPath of(String directory) throws IOException {
        List<URL> jars = new ArrayList<>();
        if (directory != null && Files.isDirectory(Path.of(directory))) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(Path.of(directory), "*.jar")) {
                for (Path jar : files) {
                    jars.add(jar.toUri().toURL());
                }
            }
        }
        jars.sort((a, b) -> a.toString().compareTo(b.toString()));
        return new WorkerClassPath(ClassLoader.getSystemClassLoader(), jars);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (hiddenClass(name)) {
            throw new ClassNotFoundException(name + " is not on the worker class path plugins see");
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        if (hiddenResource(name)) {
            return null;
        }
        URL url = super.getResource(name);
        return url == null || inHiddenJar(url) ? null : url;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (hiddenResource(name)) {
            return Collections.emptyEnumeration();
        }
        List<URL> visible = new ArrayList<>();
        for (URL url : Collections.list(super.getResources(name))) {
            if (!inHiddenJar(url)) {
                visible.add(url);
            }
        }
        return Collections.enumeration(visible);
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

    /** True for a {@code jar:file:.../<hidden jar>!/...} URL. */
    private static boolean inHiddenJar(URL url) {
        String text = url.toString();
        int bang = text.indexOf("!/");
        if (!"jar".equals(url.getProtocol()) || bang < 0) {
            return false;
        }
        String jar = text.substring(text.lastIndexOf('/', bang - 1) + 1, bang);
        for (String prefix : HIDDEN_JARS) {
            if (jar.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "WorkerClassPath";
    }
}
