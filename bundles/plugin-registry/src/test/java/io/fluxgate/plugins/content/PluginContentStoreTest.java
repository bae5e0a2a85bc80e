package io.fluxgate.plugins.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.TestJars;
import io.fluxgate.plugins.isolation.WorkerClassPath;
import io.fluxgate.plugins.registry.fixtures.TestConverter;

/** Plugins' content as the store keeps it, and what it reads in them, once. */
class PluginContentStoreTest {

    private static final String SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector";

    @TempDir
    Path dir;

    private PluginContentStore store() throws IOException {
        return new PluginContentStore(dir.resolve("store"), new WorkerClassPath(getClass().getClassLoader()));
    }

    @Test
    void aJarIsStoredWithWhatItsManifestsDeclare() throws Exception {
        PluginContent content = store().storeJar(TestJars.connectFile());

        assertEquals(List.of("connect-file-4.3.1.jar"), content.classPath());
        assertTrue(Files.isRegularFile(content.files().resolve("connect-file-4.3.1.jar")));
        assertTrue(content.dir().getFileName().toString().startsWith("connect-file-4.3.1-"), content.dir().toString());
        assertEquals(List.of(SOURCE), content.index().declared().get(PluginType.SOURCE));
        assertTrue(content.index().hasManifests());
        // Read by its class files too, as Kafka's hybrid modes also scan.
        assertEquals(Set.of(PluginType.SOURCE), content.index().scanned().get(SOURCE));
        assertEquals(Map.of(), content.index().missing(), "connect-file needs only the worker class path");
    }

    @Test
    void theSameContentIsStoredOnceAndItsIndexReadNotComputed() throws Exception {
        PluginContent first = store().storeJar(TestJars.connectFile());
        Path index = first.dir().resolve(PluginContent.INDEX);
        // Whatever the index says is what the next deploy reads: it is not computed again.
        Files.writeString(index, Files.readString(index).replace(SOURCE, SOURCE + "Marker"));

        PluginContent again = store().storeJar(TestJars.connectFile());
        assertEquals(first.dir(), again.dir());
        assertEquals(List.of(SOURCE + "Marker"), again.index().declared().get(PluginType.SOURCE));
    }

    @Test
    void otherBytesUnderTheSameNameAreAnotherEntry() throws Exception {
        Path jar = TestJars.write(dir.resolve("plugin-1.0.jar"), Map.of(), Map.of("a.txt", "one".getBytes()));
        PluginContent first = store().storeJar(jar);
        TestJars.write(jar, Map.of(), Map.of("a.txt", "two".getBytes()));
        PluginContent second = store().storeJar(jar);

        assertNotEquals(first.dir(), second.dir());
        assertEquals("one", new String(readEntry(first.files().resolve("plugin-1.0.jar"), "a.txt")));
    }

    @Test
    void aDirectorysArchivesAtAnyDepthAreItsClassPathInKafkasOrder() throws Exception {
        Path jared = directoryJar(Files.readAllBytes(TestJars.connectFile()));

        PluginContent content = store().storeDirectory(jared, "file-connectors-4.3.1", null);
        assertEquals(List.of("lib/connect-file-4.3.1.jar", "lib/util.jar", "z-first-level.jar"), content.classPath());
        assertFalse(Files.exists(content.files().resolve("README.txt")), "only the archives are kept");
        assertEquals(List.of(SOURCE), content.index().declared().get(PluginType.SOURCE));
        assertEquals(3, content.urls().length);
    }

    @Test
    void aDirectoryOfClassFilesIsItsOwnClassPath() throws Exception {
        String converter = TestConverter.class.getName().replace('.', '/') + ".class";
        Path jared = TestJars.write(dir.resolve("classes.jar"), Map.of(), Map.of(converter,
                TestJars.classBytes(TestConverter.class), "README.txt", "read me".getBytes()));

        PluginContent content = store().storeDirectory(jared, "classes", null);
        assertEquals(List.of("."), content.classPath());
        assertTrue(Files.isRegularFile(content.files().resolve(converter)));
        assertEquals(Set.of(PluginType.CONVERTER), content.index().scanned().get(TestConverter.class.getName()));
    }

    @Test
    void aDirectoryWithAHalfCopiedJarIsNotStored() throws Exception {
        byte[] whole = Files.readAllBytes(TestJars.connectFile());
        Path jared = directoryJar(Arrays.copyOf(whole, whole.length - 100));

        IOException e = assertThrows(IOException.class, () -> store().storeDirectory(jared, "file-connectors", null));
        assertTrue(e.getMessage().contains("lib/connect-file-4.3.1.jar is not a complete archive"), e.getMessage());
    }

    @Test
    void packagesNobodyProvidesAreListedWithAClassThatNeedsThem() throws Exception {
        // The converter fixture, renamed into a package of its own, made to need a class that exists nowhere.
        String own = "com/example/lonely/NeedsMissing";
        byte[] needing = TestJars.renamed(TestJars.renamed(TestJars.classBytes(TestConverter.class),
                TestConverter.class.getName().replace('.', '/'), own), "org/apache/kafka/connect/data/Schema",
                "com/example/absent/Gone");
        Path jar = TestJars.write(dir.resolve("needs.jar"), Map.of(), Map.of(own + ".class", needing));

        ContentIndex index = store().storeJar(jar).index();
        assertEquals(Map.of("com.example.absent", "com.example.lonely.NeedsMissing"), index.missing());
    }

    /** A small jar whose manifest inflates far beyond any real one is refused, never read whole. */
    @Test
    void aManifestInflatingBeyondItsBoundIsRefused() throws Exception {
        Path jar = dir.resolve("bomb.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/org.apache.kafka.connect.storage.Converter"));
            byte[] spaces = new byte[64 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 32; i++) { // 2 MiB, twice the bound
                out.write(spaces);
            }
            out.closeEntry();
        }
        assertTrue(Files.size(jar) < 64 * 1024, "a small jar: " + Files.size(jar));

        IOException e = assertThrows(IOException.class, () -> store().storeJar(jar));
        assertTrue(e.getMessage().contains("META-INF/services/org.apache.kafka.connect.storage.Converter")
                && e.getMessage().contains("larger than 1024 KiB"), e.getMessage());
    }

    /** A restart reads none of its plugins' bytes: a file or directory seen unchanged is recognised by a stat. */
    @Test
    void anUnchangedDirectoryIsRecognisedWithoutReadingIt() throws Exception {
        Path plugin = Files.createDirectories(dir.resolve("file-connectors-4.3.1/lib"));
        Files.copy(TestJars.connectFile(), plugin.resolve("connect-file-4.3.1.jar"));
        Path jared = TestJars.write(dir.resolve("jared.jar"), Map.of(), Map.of("lib/connect-file-4.3.1.jar",
                Files.readAllBytes(TestJars.connectFile())));
        PluginContent first = store().storeDirectory(jared, "file-connectors-4.3.1", plugin.getParent());

        // FileInstall's jar of it need not even be there: the directory's state says which entry it is.
        Files.delete(jared);
        assertEquals(first.dir(), store().storeDirectory(jared, "file-connectors-4.3.1", plugin.getParent()).dir());

        // Changed (another size and time), it is read again, and is another entry.
        Path changed = plugin.resolve("connect-file-4.3.1.jar");
        byte[] other = Files.readAllBytes(TestJars.connectFile());
        Files.write(changed, java.util.Arrays.copyOf(other, other.length + 1));
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> store().storeDirectory(jared, "file-connectors-4.3.1", plugin.getParent()));
    }

    @Test
    void entriesUnusedForAWeekAreDeletedWhenTheStoreOpens() throws Exception {
        PluginContent old = store().storeJar(TestJars.connectFile());
        Files.setLastModifiedTime(old.dir(), FileTime.from(Instant.now().minus(PluginContentStore.UNUSED_FOR)
                .minusSeconds(60)));

        store();
        assertFalse(Files.exists(old.dir()));
    }

    /** What FileInstall makes of a directory {@code file-connectors-4.3.1/} holding {@code lib/*.jar}. */
    private Path directoryJar(byte[] connectorJar) throws Exception {
        Path util = TestJars.write(dir.resolve("util.jar"), Map.of(), Map.of("com/example/Util.class",
                TestJars.classBytes(TestJars.class)));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("z-first-level.jar", Files.readAllBytes(util));
        entries.put("lib/util.jar", Files.readAllBytes(util));
        entries.put("lib/connect-file-4.3.1.jar", connectorJar);
        entries.put("README.txt", "read me".getBytes());
        return TestJars.write(dir.resolve("file-connectors-4.3.1.jar"), Map.of(), entries);
    }

    private static byte[] readEntry(Path jar, String name) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }
}
