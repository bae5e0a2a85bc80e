package io.fluxgate.runtime.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.broker.testing.SharedBroker;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorValidator;
import io.fluxgate.runtime.config.WorkerConverters;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.standalone.StandaloneHerder;
import io.fluxgate.runtime.storage.FileOffsetBackingStore;
import io.fluxgate.runtime.worker.Worker;

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
        ClientOverridePolicy policy = ClientOverridePolicy.of(settings.clientConfigOverridePolicy(),
                settings.originals(), registry);
        Worker worker = new Worker(settings, registry,
                new FileOffsetBackingStore(Path.of(settings.offsetStorageFileName())), policy);
        worker.start();
        return new StandaloneHerder(worker, new ConnectorValidator(registry, policy,
                settings.topicCreationEnable(), WorkerConverters.of(settings.keyConverter(),
                        settings.valueConverter(), settings.headerConverter(), settings.originals())), registry,
                "127.0.0.1:8083", null);
    }
}
