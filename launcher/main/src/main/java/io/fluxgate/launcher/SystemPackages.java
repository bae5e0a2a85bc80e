package io.fluxgate.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Computes the packages the system bundle exports to the platform's bundles: those of the Kafka jars they are built
 * against (kafka-clients, connect-api, connect-json, connect-transforms, slf4j), of the Jackson under connect-json
 * (the storage bundle reads the config topic's JSON with it, keeping the order of a configuration's keys), the
 * launcher's boot contract, the Configuration Admin API, and the JAX-RS API: connect-api's
 * {@code ConnectRestExtension} speaks JAX-RS, so the REST bundle (its Jersey), REST extensions and connect-api must
 * all see the same JAX-RS classes. Jars with an OSGi {@code Export-Package} header keep it; Kafka's jars have none, so
 * their packages are listed from the jar with the jar's version. Nothing else on the launcher's class path (the rest
 * of the worker class path, the embedded broker, logback) is visible to bundles. Plugins are not bundles in this
 * sense: they see the whole worker class path, as on Apache (docs/plugin-class-loading.md).
 */
public final class SystemPackages {

    /** Artifact names whose packages are shared with bundles. */
    private static final List<String> SHARED = List.of("kafka-clients", "connect-api", "connect-json",
            "connect-transforms", "jackson-core", "jackson-databind", "jackson-annotations", "slf4j-api",
            "fluxgate-boot", "org.osgi.service.cm", "jakarta.ws.rs-api");

    /**
     * Bundles built for slf4j 1.x (bndlib, the Web Console) import {@code org.slf4j.* [1.7,2)}; slf4j-api 2 exports
     * {@code org.slf4j} and {@code .helpers} at 1.7.36 itself, but not {@code .spi}.
     */
    private static final String SLF4J_1_COMPAT = "org.slf4j.spi;version=1.7.36";

    private static final Pattern JAR_NAME = Pattern.compile("(.+?)-(\\d+(?:\\.\\d+)*)(?:[-.].*)?\\.jar");

    private SystemPackages() {
    }

    /** The value of {@code org.osgi.framework.system.packages.extra} for the current class path. */
    public static String fromClassPath() throws IOException {
        List<String> exports = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            Matcher name = JAR_NAME.matcher(jar.getFileName().toString());
            if (name.matches() && SHARED.contains(name.group(1))) {
                exports.add(exportsOf(jar, name.group(2)));
            }
        }
        exports.add(SLF4J_1_COMPAT);
        return String.join(",", exports);
    }

    private static String exportsOf(Path jar, String version) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String declared = manifest == null ? null : manifest.getMainAttributes().getValue("Export-Package");
            if (declared != null) {
                return declared;
            }
            TreeSet<String> packages = new TreeSet<>();
            for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements();) {
                String path = e.nextElement().getName();
                int slash = path.lastIndexOf('/');
                if (path.endsWith(".class") && slash > 0 && !path.startsWith("META-INF/")) {
                    packages.add(path.substring(0, slash).replace('/', '.'));
                }
            }
            List<String> clauses = new ArrayList<>();
            packages.forEach(p -> clauses.add(p + ";version=" + version));
            return String.join(",", clauses);
        }
    }

}
