package io.fluxgate.plugins.registry;

import static io.fluxgate.plugins.registry.Plugins.isolated;
import static io.fluxgate.plugins.registry.Plugins.platform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginNotFoundException;
import io.fluxgate.api.plugins.PluginType;

/** Plugins come and go with their sources, atomically. */
class PluginIndexTest {

    private static final String JAR = "file:/plugins/connect-file-4.3.1.jar";
    private static final List<InstalledPlugin> FILE_PLUGINS = List.of(
            isolated(FileStreamSourceConnector.class, PluginType.SOURCE, "4.3.1", JAR),
            isolated(FileStreamSinkConnector.class, PluginType.SINK, "4.3.1", JAR));

    private final PluginIndex index = new PluginIndex();

    @Test
    void aRemovedSourceTakesItsPluginsAndAliasesAlong() {
        index.put(0, List.of(platform(JsonConverter.class, PluginType.CONVERTER, "4.3.1")));
        index.put(7, FILE_PLUGINS);
        assertEquals(3, index.current().descriptors().size());
        assertEquals(FileStreamSinkConnector.class.getName(), index.current().aliases().get("FileStreamSink"));

        index.remove(7);

        assertEquals(1, index.current().descriptors().size());
        assertFalse(index.current().aliases().containsKey("FileStreamSink"));
        assertThrows(PluginNotFoundException.class,
                () -> index.current().resolve("FileStreamSink", Connector.class, VersionRequirement.LATEST));
        assertEquals("4.3.1", index.current().resolve("Json", Converter.class, VersionRequirement.LATEST).version());
    }

    @Test
    void putReplacesASourcesPluginsAndNothingIsForgetting() {
        index.put(7, FILE_PLUGINS);
        index.put(7, FILE_PLUGINS.subList(0, 1));
        assertEquals(1, index.current().descriptors().size());
        index.put(7, List.of());
        assertEquals(List.of(), index.current().descriptors());
        index.remove(42); // unknown: nothing happens
    }

    @Test
    void readersAlwaysSeeAWholeSource() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> torn = new ConcurrentLinkedQueue<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread reader = new Thread(() -> {
                started.countDown();
                while (!stop.get()) {
                    PluginSet set = index.current();
                    int size = set.descriptors().size();
                    boolean hasAlias = set.aliases().containsKey("FileStreamSource");
                    if (size % 2 != 0 || hasAlias != (size > 0)) {
                        torn.add(size + " plugins, alias " + hasAlias);
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        started.await();
        for (int i = 0; i < 2_000; i++) {
            index.put(7, FILE_PLUGINS);
            index.remove(7);
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join();
        }
        assertTrue(torn.isEmpty(), "torn reads: " + torn);
    }
}
