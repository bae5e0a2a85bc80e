package io.fluxgate.plugins.wrap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.ServiceManifests;
import io.fluxgate.plugins.scan.ClassFiles;
import io.fluxgate.plugins.scan.ClassHeader;

/**
 * What one archive holds that matters to plugin discovery: whether it has KIP-898 manifests, the headers of its class
 * files, and the archives nested in it (for a plugin directory, its jars). Read as a stream, so that a nested archive
 * needs no temporary file.
 */
final class JarContent {

    /** A zip's end-of-central-directory record: written last, so a half-copied archive lacks it. */
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int MAX_END_RECORD_SEARCH = 0xFFFF + 22;

    boolean hasManifests;
    final Map<String, ClassHeader> classes = new LinkedHashMap<>();
    /** Paths of the nested .jar and .zip entries, sorted as Kafka sorts a plugin directory's archives. */
    final TreeSet<String> archives = new TreeSet<>();

    /** Reads an archive, and with {@code nested} the archives inside it too (one level: a directory's jars). */
    static JarContent read(InputStream archive, boolean nested) throws IOException {
        JarContent content = new JarContent();
        content.add(archive, nested);
        return content;
    }

    private void add(InputStream archive, boolean nested) throws IOException {
        ZipInputStream zip = new ZipInputStream(archive);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            String name = entry.getName();
            if (entry.isDirectory()) {
                continue;
            }
            if (isManifest(name)) {
                hasManifests = true;
            } else if (ClassFiles.isClassFile(name)) {
                ClassFiles.add(classes, zip);
            } else if (nested && isArchive(name)) {
                byte[] bytes = zip.readAllBytes();
                if (!isComplete(bytes)) {
                    throw new IOException(name + " is not a complete jar");
                }
                archives.add(name);
                add(new ByteArrayInputStream(bytes), false);
            }
        }
    }

    static boolean isArchive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jar") || lower.endsWith(".zip");
    }

    private static boolean isManifest(String name) {
        for (PluginType type : PluginType.values()) {
            if (name.equals(ServiceManifests.path(type))) {
                return true;
            }
        }
        return false;
    }

    /** True when the archive ends with its central directory, as one whose copy has ended does. */
    static boolean isComplete(byte[] zip) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int lowest = Math.max(0, zip.length - MAX_END_RECORD_SEARCH);
        for (int i = zip.length - 22; i >= lowest; i--) {
            if (buffer.getInt(i) == END_OF_CENTRAL_DIRECTORY) {
                return true;
            }
        }
        return false;
    }
}
