package io.fluxgate.plugins.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginType;

/** Class file headers, and the plugin classes Kafka's reflective scan would find among them. */
class PluginCandidatesTest {

    @Test
    void readsTheHierarchyFromTheClassFile() throws IOException {
        ClassHeader header = header(JsonConverter.class);
        assertEquals("org.apache.kafka.connect.json.JsonConverter", header.name());
        assertEquals("java.lang.Object", header.superName());
        assertTrue(header.interfaces().containsAll(List.of("org.apache.kafka.connect.storage.Converter",
                "org.apache.kafka.connect.storage.HeaderConverter")), header.interfaces().toString());
        assertTrue(header.isPublicConcrete());
        assertFalse(header(Cast.class).isPublicConcrete(), "abstract");
        assertEquals("org.apache.kafka.connect.transforms.Cast$Key", header(Cast.Key.class).name());
    }

    @Test
    void notAClassFileIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ClassHeader.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
    }

    @Test
    void findsPluginsThroughTheJarsOwnHierarchyAndThePlatformsClasses() throws IOException {
        Map<String, ClassHeader> local = new LinkedHashMap<>();
        for (Class<?> type : List.of(FileStreamSourceConnector.class, FileStreamSinkConnector.class, Cast.class,
                Cast.Key.class, Cast.Value.class, HasHeaderKey.class, PluginCandidatesTest.class)) {
            ClassHeader header = header(type);
            local.put(header.name(), header);
        }
        // Only the platform's classes are loaded, here from the test class path.
        Map<String, Set<PluginType>> found = new PluginCandidates(local, PluginCandidatesTest::load).find();

        assertEquals(Map.of(
                FileStreamSourceConnector.class.getName(), Set.of(PluginType.SOURCE),
                FileStreamSinkConnector.class.getName(), Set.of(PluginType.SINK),
                Cast.Key.class.getName(), Set.of(PluginType.TRANSFORMATION),
                Cast.Value.class.getName(), Set.of(PluginType.TRANSFORMATION),
                HasHeaderKey.class.getName(), Set.of(PluginType.PREDICATE)), found);
    }

    @Test
    void aClassExtendingAPlatformPluginIsOneToo() throws IOException {
        ClassHeader header = new ClassHeader("com.example.MyJson", JsonConverter.class.getName(), List.of(), 0x0001);
        assertEquals(Map.of("com.example.MyJson", Set.of(PluginType.CONVERTER, PluginType.HEADER_CONVERTER)),
                new PluginCandidates(Map.of(header.name(), header), PluginCandidatesTest::load).find());
        // and one whose base class is missing is not
        ClassHeader orphan = new ClassHeader("com.example.Orphan", "com.example.Missing", List.of(), 0x0001);
        assertEquals(Map.of(), new PluginCandidates(Map.of(orphan.name(), orphan), name -> null).find());
    }

    static ClassHeader header(Class<?> type) throws IOException {
        String resource = "/" + type.getName().replace('.', '/') + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return ClassHeader.read(in);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PluginCandidatesTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
