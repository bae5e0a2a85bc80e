package io.fluxgate.runtime.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.standalone.StandaloneHerder;
import io.fluxgate.runtime.storage.FileOffsetBackingStore;
import io.fluxgate.runtime.worker.WorkerAssembly;

/** A standalone worker and herder wired as the DS component wires them, against the shared broker. */
public final class TestHerders {

    private TestHerders() {
    }

    /** Worker settings as connect-standalone.properties ships them, with {@code overrides} on top. */
    public static Map<String, String> settings(Path offsets, String... overrides) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", SharedBroker.bootstrapServers());
        settings.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        settings.put("key.converter.schemas.enable", "true");
        settings.put("value.converter.schemas.enable", "true");
        settings.put("offset.storage.file.filename", offsets.toString());
        settings.put("offset.flush.interval.ms", "10000");
        settings.put("listeners", "http://127.0.0.1:8083");
        settings.put("fluxgate.mode", "standalone");
        for (int i = 0; i < overrides.length; i += 2) {
            settings.put(overrides[i], overrides[i + 1]);
        }
        return settings;
    }

    public static StandaloneHerder start(PluginRegistry registry, Map<String, String> settingsMap) {
        WorkerSettings settings = WorkerSettings.of(settingsMap);
        WorkerAssembly assembly = WorkerAssembly.of(settings, registry,
                new FileOffsetBackingStore(Path.of(settings.offsetStorageFileName())));
        assembly.worker().start();
        return new StandaloneHerder(assembly.worker(), assembly.validator(), registry, "127.0.0.1:8083", null);
    }
}
