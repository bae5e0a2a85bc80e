package io.fluxgate.runtime.distributed;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.storage.MemoryOffsetBackingStore;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;
import io.fluxgate.runtime.testing.plugins.TestSourceConnector;
import io.fluxgate.runtime.worker.Worker;
import io.fluxgate.runtime.worker.WorkerAssembly;

/**
 * A real {@link Worker}, started, for the distributed herder's unit tests: its connectors are idle
 * {@link TestSourceConnector}s whose producers never send, so no broker is needed, and its offsets are in memory.
 */
final class IdleWorkers {

    private IdleWorkers() {
    }

    /** @param overrides worker settings on top: key, value, key, value... */
    static Worker start(Path dir, String... overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", "127.0.0.1:9"); // never reached: the tasks send nothing
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("offset.storage.file.filename", dir.resolve("unused.offsets").toString());
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        Worker worker = WorkerAssembly.of(WorkerSettings.of(settings),
                ClasspathPluginRegistry.withApachePlugins(TestSourceConnector.class), new MemoryOffsetBackingStore())
                .worker();
        worker.start();
        return worker;
    }
}
