package io.fluxgate.boot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class WorkerConfigDefTest {

    private static Map<String, String> standalone() {
        Map<String, String> props = new HashMap<>();
        props.put("bootstrap.servers", "localhost:9092");
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("offset.storage.file.filename", "/tmp/connect.offsets");
        return props;
    }

    @Test
    void appliesKafkaConnectDefaults() {
        Map<String, Object> parsed = WorkerConfigDef.validate(WorkerMode.STANDALONE, standalone());
        assertEquals(List.of("http://:8083"), parsed.get("listeners"));
        assertEquals(60_000L, parsed.get("offset.flush.interval.ms"));
        assertEquals("org.apache.kafka.connect.storage.SimpleHeaderConverter", parsed.get("header.converter"));
        assertEquals(false, parsed.get("fluxgate.embedded.broker.enable"));
    }

    @Test
    void missingRequiredKeyIsNamed() {
        Map<String, String> props = standalone();
        props.remove("value.converter");
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
        assertTrue(e.getMessage().contains("\"value.converter\""), e.getMessage());
    }

    @Test
    void distributedModeRequiresItsTopicsAndGroup() {
        Map<String, String> props = standalone();
        props.put("group.id", "connect-cluster");
        props.put("config.storage.topic", "connect-configs");
        props.put("offset.storage.topic", "connect-offsets");
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props));
        assertTrue(e.getMessage().contains("status.storage.topic"), e.getMessage());
    }

    @Test
    void internalTopicsHaveKafkaConnectDefaults() {
        Map<String, String> props = standalone();
        props.put("group.id", "connect-cluster");
        props.put("config.storage.topic", "connect-configs");
        props.put("offset.storage.topic", "connect-offsets");
        props.put("status.storage.topic", "connect-status");
        Map<String, Object> parsed = WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props);
        assertEquals((short) 3, parsed.get("config.storage.replication.factor"));
        assertEquals(25, parsed.get("offset.storage.partitions"));
        assertEquals((short) 3, parsed.get("offset.storage.replication.factor"));
        assertEquals(5, parsed.get("status.storage.partitions"));
        assertEquals((short) 3, parsed.get("status.storage.replication.factor"));

        props.put("status.storage.partitions", "-1");
        assertEquals(-1, WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props).get("status.storage.partitions"));
        props.put("offset.storage.replication.factor", "0");
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props));
        assertTrue(e.getMessage().contains("offset.storage.replication.factor"), e.getMessage());
    }

    @Test
    void exactlyOnceSourceSupportTakesApachesThreeValues() {
        Map<String, String> props = standalone();
        props.put("group.id", "connect-cluster");
        props.put("config.storage.topic", "connect-configs");
        props.put("offset.storage.topic", "connect-offsets");
        props.put("status.storage.topic", "connect-status");
        assertEquals("disabled", WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props)
                .get("exactly.once.source.support"));
        props.put("exactly.once.source.support", "Preparing");
        assertEquals("Preparing", WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props)
                .get("exactly.once.source.support"));
        props.put("exactly.once.source.support", "enabled");
        assertEquals("enabled", WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props)
                .get("exactly.once.source.support"));
        props.put("exactly.once.source.support", "sometimes");
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.DISTRIBUTED, props));
        assertTrue(unknown.getMessage().contains("String must be one of (case insensitive): "),
                unknown.getMessage());
    }

    @Test
    void invalidValuesAreNamed() {
        Map<String, String> props = standalone();
        props.put("offset.flush.interval.ms", "soon");
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
        assertTrue(e.getMessage().contains("offset.flush.interval.ms"), e.getMessage());

        props.put("offset.flush.interval.ms", "1000");
        props.put("listeners", "ftp://:21");
        e = assertThrows(ConfigException.class, () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
        assertTrue(e.getMessage().contains("listeners"), e.getMessage());

        props.put("listeners", "http://:8083");
        props.put("fluxgate.embedded.broker.port", "70000");
        e = assertThrows(ConfigException.class, () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
        assertTrue(e.getMessage().contains("fluxgate.embedded.broker.port"), e.getMessage());
    }

    @Test
    void listenersParse() {
        assertEquals(new RestListener("http", "", 8083), RestListener.parse("http://:8083").orElseThrow());
        assertEquals(new RestListener("https", "127.0.0.1", 8443),
                RestListener.parse("HTTPS://127.0.0.1:8443/").orElseThrow());
        assertEquals(new RestListener("http", "::1", 8083), RestListener.parse("http://[::1]:8083").orElseThrow());
        assertTrue(RestListener.parse("http://host").isEmpty());
        assertTrue(RestListener.parse("http://host:99999").isEmpty());
        assertEquals("http://[::1]:8083", RestListener.parse("http://[::1]:8083").orElseThrow().toString());
    }

    @Test
    void restSettingsHaveKafkaConnectsDefaults() {
        Map<String, Object> parsed = WorkerConfigDef.validate(WorkerMode.STANDALONE, standalone());
        assertEquals("", parsed.get("access.control.allow.origin"));
        assertEquals("", parsed.get("access.control.allow.methods"));
        assertEquals("", parsed.get("response.http.headers.config"));
        assertEquals(List.of(), parsed.get("rest.extension.classes"));
        assertEquals("none", parsed.get("ssl.client.auth"));
        assertEquals("TLSv1.3", parsed.get("ssl.protocol"));
    }

    @Test
    void invalidRestSettingsAreRefused() {
        Map<String, String> props = standalone();
        props.put("response.http.headers.config", "set X-Frame-Options");
        ConfigException headers = assertThrows(ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
        assertTrue(headers.getMessage().contains("Invalid format of header name and header value pair"),
                headers.getMessage());

        props.remove("response.http.headers.config");
        props.put("ssl.client.auth", "sometimes");
        ConfigException clientAuth = assertThrows(ConfigException.class,
                () -> WorkerConfigDef.validate(WorkerMode.STANDALONE, props));
        assertTrue(clientAuth.getMessage().contains("ssl.client.auth"), clientAuth.getMessage());
    }

    @Test
    void passwordsNeverAppearInMessages() {
        Map<String, String> props = standalone();
        props.put("ssl.keystore.password", "");
        props.put("ssl.key.password", "hunter2");
        Map<String, Object> parsed = WorkerConfigDef.validate(WorkerMode.STANDALONE, props);
        assertEquals("[hidden]", parsed.get("ssl.key.password").toString());
    }
}
