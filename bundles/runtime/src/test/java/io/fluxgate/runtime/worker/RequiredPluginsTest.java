package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.transforms.InsertHeader;
import org.apache.kafka.connect.transforms.predicates.HasHeaderKey;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;

/** Whether a connector could start now: every plugin it names, in the versions it asks for, can be loaded. */
class RequiredPluginsTest {

    private final ClasspathPluginRegistry registry = ClasspathPluginRegistry.withApachePlugins();
    private final RequiredPlugins required = new RequiredPlugins(WorkerSettings.of(Map.of(
            "bootstrap.servers", "k1:9092", "key.converter", "JsonConverter", "value.converter", "JsonConverter",
            "offset.storage.file.filename", "/tmp/o", "fluxgate.mode", "standalone")), registry);

    private static ConnectorConfig connector(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("name", "c", "connector.class", "FileStreamSource",
                "transforms", "tag", "transforms.tag.type", "InsertHeader", "transforms.tag.predicate", "has",
                "predicates", "has", "predicates.has.type", "HasHeaderKey", "value.converter", "StringConverter"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return new ConnectorConfig(config);
    }

    @Test
    void allInstalled() {
        assertEquals(Optional.empty(), required.missing(connector()));
    }

    @Test
    void eachPluginCounts() {
        registry.remove(StringConverter.class);
        assertTrue(required.missing(connector()).orElseThrow().contains("StringConverter"), "the value converter");
        registry.register(StringConverter.class).remove(InsertHeader.class);
        assertTrue(required.missing(connector()).orElseThrow().contains("InsertHeader"), "the transformation");
        registry.register(InsertHeader.class).remove(HasHeaderKey.class);
        assertTrue(required.missing(connector()).orElseThrow().contains("HasHeaderKey"), "its predicate");
    }

    @Test
    void inTheVersionsAsked() {
        assertTrue(required.missing(connector("transforms.tag.plugin.version", "[2.0,)")).isPresent());
        assertTrue(required.missing(connector("connector.plugin.version", "9.9.9")).isPresent());
        assertEquals(Optional.empty(), required.missing(connector("value.converter.plugin.version", "1.0.0-test")));
    }
}
