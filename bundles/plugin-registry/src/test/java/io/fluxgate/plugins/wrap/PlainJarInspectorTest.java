package io.fluxgate.plugins.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a file in plugins/ is, judged from the jar alone. */
class PlainJarInspectorTest {

    @TempDir
    Path dir;

    /** The platform's classes, as the system bundle would load them: here the test class path. */
    private final PlainJarInspector inspector = new PlainJarInspector(PlainJarInspectorTest::platformClass,
            (file, judgement) -> { });

    static Class<?> platformClass(String name) {
        try {
            return Class.forName(name, false, PlainJarInspectorTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    @Test
    void apachesConnectFileIsAPlainPluginJar() throws Exception {
        assertEquals(JarVerdict.PLUGIN, inspector.inspect(TestJars.connectFile().toFile()));
    }

    @Test
    void aBundleIsLeftToFileInstall() throws Exception {
        Path bundle = TestJars.write(dir.resolve("b.jar"), Map.of("Bundle-SymbolicName", "b",
                "Bundle-ManifestVersion", "2"), Map.of("META-INF/services/org.apache.kafka.connect.storage.Converter",
                "b.BConverter\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(JarVerdict.BUNDLE, inspector.inspect(bundle.toFile()));
    }

    @Test
    void aJarWithoutPluginManifestsIsNotAPlugin() throws Exception {
        Path library = TestJars.write(dir.resolve("library-1.0.jar"), Map.of(),
                Map.of("com/example/Util.class", TestJars.classBytes(TestJars.class),
                        "META-INF/services/java.sql.Driver", "com.example.Driver\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(JarVerdict.NOT_A_PLUGIN, inspector.inspect(library.toFile()));
    }

    @Test
    void garbageIsUnreadable() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.jar"),
                "this is not a zip file".getBytes(StandardCharsets.UTF_8));
        assertEquals(JarVerdict.UNREADABLE, inspector.inspect(garbage.toFile()));
    }

    @Test
    void aHalfCopiedJarIsUnreadableUntilTheCopyEnds() throws Exception {
        byte[] whole = Files.readAllBytes(TestJars.connectFile());
        Path copy = dir.resolve("connect-file-4.3.1.jar");
        Files.write(copy, Arrays.copyOf(whole, whole.length / 2));
        assertEquals(JarVerdict.UNREADABLE, inspector.inspect(copy.toFile()));

        Files.write(copy, whole);
        assertEquals(JarVerdict.PLUGIN, inspector.inspect(copy.toFile()));
    }

    @Test
    void aVerdictIsKeptWhileTheFileDoesNotChange() throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.jar"), new byte[] {1, 2, 3});
        long time = Files.getLastModifiedTime(garbage).toMillis();
        assertEquals(JarVerdict.UNREADABLE, inspector.inspect(garbage.toFile()));

        // Same size and time, other content: the verdict is not made again (FileInstall asks at every poll).
        Files.copy(TestJars.connectFile(), garbage, StandardCopyOption.REPLACE_EXISTING);
        Files.write(garbage, new byte[] {4, 5, 6});
        Files.setLastModifiedTime(garbage, FileTime.fromMillis(time));
        assertEquals(JarVerdict.UNREADABLE, inspector.inspect(garbage.toFile()));
    }
}
