package io.fluxgate.plugins.wrap;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.kafka.connect.file.FileStreamSourceConnector;

/** Real jars for the wrapping tests: Apache's connect-file, and small ones written on the spot. */
final class TestJars {

    private TestJars() {
    }

    /** Apache's connect-file-4.3.1.jar, as Maven Central has it. */
    static Path connectFile() throws URISyntaxException {
        return Path.of(FileStreamSourceConnector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A jar with these main manifest attributes and entries (path to content). */
    static Path write(Path file, Map<String, String> mainAttributes, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mainAttributes.forEach((name, value) -> manifest.getMainAttributes().putValue(name, value));
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return file;
    }

    /** The bytes of a class of the test class path, to put in a jar. */
    static byte[] classBytes(Class<?> type) throws IOException {
        try (var in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }
}
