package io.fluxgate.runtime.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.State;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.runtime.storage.FileOffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.testing.Await;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.TestHerders;
import io.fluxgate.runtime.testing.plugins.LateSinkConnector;

/**
 * The component as Declarative Services drives it: activated with the worker configuration, it creates the
 * connectors of the files named on the command line (a bad file does not stop the others; a connector whose plugin
 * arrives late is created once it is there); deactivated, it stops everything and leaves the offsets flushed.
 */
class StandaloneHerderComponentTest {

    @TempDir
    Path dir;

    @Test
    void createsTheConnectorsOfItsFilesAndFlushesOffsetsWhenDeactivated() throws Exception {
        Path input = Files.writeString(dir.resolve("in.txt"), "a\nb\nc\n");
        Path output = dir.resolve("out.txt");
        Path offsets = dir.resolve("connect.offsets");
        Path source = Files.writeString(dir.resolve("source.properties"), "name=file-source\n"
                + "connector.class=FileStreamSource\ntasks.max=1\nfile=" + input + "\ntopic=component-test\n");
        Path sink = Files.writeString(dir.resolve("sink.json"), "{\"name\":\"file-sink\",\"config\":{"
                + "\"connector.class\":\"FileStreamSink\",\"file\":\"" + output + "\",\"topics\":\"component-test\"}}");
        Path invalid = Files.writeString(dir.resolve("invalid.properties"), "name=invalid\n"
                + "connector.class=FileStreamSink\n");
        Path late = Files.writeString(dir.resolve("late.properties"), "name=late\n"
                + "connector.class=LateSinkConnector\ntopics=component-test\nfile=" + dir.resolve("late.txt") + "\n");
        Path missing = dir.resolve("missing.properties");

        Map<String, Object> properties = new HashMap<>(TestHerders.settings(offsets,
                "offset.flush.interval.ms", "600000"));
        properties.put("fluxgate.connector.files", String.join(File.pathSeparator, List.of(source.toString(),
                invalid.toString(), missing.toString(), sink.toString(), late.toString())));
        properties.put("component.id", 12L); // DS adds its own properties
        ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins();

        StandaloneHerderComponent component = new StandaloneHerderComponent(null, registry, config(offsets),
                properties, null, null, null);
        Herder herder = component.herder().orElseThrow();
        try {
            Await.until("the pipeline copies", Duration.ofSeconds(30), () -> lines(output).size() == 3);
            assertEquals(List.of("file-sink", "file-source"), herder.connectors());
            assertEquals(State.RUNNING, herder.connectorStatus("file-source").connector().state());

            registry.register(LateSinkConnector.class); // the plugin is deployed after the platform started
            Await.until("the late connector is created", Duration.ofSeconds(30),
                    () -> herder.connectors().contains("late"));
            assertEquals(List.of("file-sink", "file-source", "late"), herder.connectors());
        } finally {
            component.deactivate();
        }

        FileOffsetBackingStore store = new FileOffsetBackingStore(offsets);
        store.start();
        Map<String, Object> offset = new OffsetReader(store, new OffsetCodec(), "file-source")
                .offset(Map.of("filename", input.toString()));
        assertNotNull(offset, "flushed when deactivated, long before the flush interval");
        assertEquals(Files.size(input), offset.get("position"));
    }

    /** As Kafka Connect's standalone worker exits: a corrupt offsets file stops the start with one line. */
    @Test
    void anOffsetsFileThatCannotBeReadStopsTheStart(@TempDir Path dir) throws Exception {
        Path offsets = Files.write(dir.resolve("connect.offsets"), "not a Java serialization stream".getBytes());
        List<String> failures = new ArrayList<>();
        StartupMonitor monitor = failures::add;

        // The launcher told, which stops everything; meanwhile no herder is published, so the REST API answers 503.
        StandaloneHerderComponent component = new StandaloneHerderComponent(null,
                ClasspathPluginRegistry.withApachePlugins(), config(offsets),
                new HashMap<>(TestHerders.settings(offsets)), null, monitor, null);
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).startsWith("The standalone worker cannot start: Cannot read the offsets file "
                + offsets), failures.get(0));
        assertTrue(failures.get(0).contains("StreamCorruptedException"), failures.get(0));
        assertTrue(component.herder().isEmpty());
        component.deactivate();

        // Without a launcher (a bare framework), the activation itself fails.
        RuntimeException e = assertThrows(RuntimeException.class, () -> new StandaloneHerderComponent(null,
                ClasspathPluginRegistry.withApachePlugins(), config(offsets),
                new HashMap<>(TestHerders.settings(offsets)), null, null, null));
        assertTrue(e.getMessage().contains("StreamCorruptedException"), e.getMessage());
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static StandaloneHerderComponent.Config config(Path offsets) {
        return new StandaloneHerderComponent.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return StandaloneHerderComponent.Config.class;
            }

            @Override
            public String offset_storage_file_filename() {
                return offsets.toString();
            }

            @Override
            public String fluxgate_connector_files() {
                return "";
            }
        };
    }
}
