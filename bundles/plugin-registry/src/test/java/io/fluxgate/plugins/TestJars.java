package io.fluxgate.plugins;

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

/** Real jars for the plugin tests: Apache's connect-file, and small ones written on the spot. */
public final class TestJars {

    private TestJars() {
    }

    /** Apache's connect-file-4.3.1.jar, as Maven Central has it. */
    public static Path connectFile() throws URISyntaxException {
        return Path.of(FileStreamSourceConnector.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A jar with these main manifest attributes and entries (path to content). */
    public static Path write(Path file, Map<String, String> mainAttributes, Map<String, byte[]> entries) throws IOException {
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
    public static byte[] classBytes(Class<?> type) throws IOException {
        try (var in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return in.readAllBytes();
        }
    }

    /**
     * The bytes of a class renamed: the class file's name constant (and every descriptor naming it) replaced. The
     * constant pool is indexed, not addressed, so a longer or shorter name keeps the class valid; a plugin-only class
     * can thus be made from one on the test class path.
     *
     * @param from the class's internal name ({@code a/b/C})
     * @param to   the new internal name
     */
    public static byte[] renamed(byte[] classFile, String from, String to) throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(classFile));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(in.readInt());
        out.writeShort(in.readUnsignedShort());
        out.writeShort(in.readUnsignedShort());
        int count = in.readUnsignedShort();
        out.writeShort(count);
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            out.writeByte(tag);
            int size = switch (tag) {
                case 1 -> -1;
                case 7, 8, 16, 19, 20 -> 2;
                case 15 -> 3;
                case 3, 4, 9, 10, 11, 12, 17, 18 -> 4;
                case 5, 6 -> 8;
                default -> throw new IllegalArgumentException("tag " + tag);
            };
            if (size < 0) {
                String text = in.readUTF();
                out.writeUTF(text.equals(from) ? to : text.replace("L" + from + ";", "L" + to + ";"));
            } else {
                byte[] value = new byte[size];
                in.readFully(value);
                out.write(value);
                if (tag == 5 || tag == 6) {
                    i++;
                }
            }
        }
        in.transferTo(out);
        return bytes.toByteArray();
    }
}
