package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.file.FileStreamSinkConnector;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.health.ConnectorType;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.config.ClientConfigs;
import io.fluxgate.runtime.config.ClientOverridePolicy;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.WorkerSettings;
import io.fluxgate.runtime.testing.ClasspathPluginRegistry;

/** The clients of tasks get Kafka Connect's safe defaults, then the worker's settings, then allowed overrides. */
class ClientConfigsTest {

    private static WorkerSettings worker(String... more) {
        Map<String, String> settings = new HashMap<>(Map.of("bootstrap.servers", "k1:9092,k2:9092",
                "key.converter", "JsonConverter", "value.converter", "JsonConverter",
                "offset.storage.file.filename", "/tmp/o", "fluxgate.mode", "standalone"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return WorkerSettings.of(settings);
    }

    private static ClientConfigs clients(WorkerSettings settings, String policy) {
        return new ClientConfigs(settings, ClientOverridePolicy.of(policy, settings.originals(),
                new ClasspathPluginRegistry()));
    }

    private static ConnectorConfig connector(String... more) {
        Map<String, String> config = new HashMap<>(Map.of("name", "c", "connector.class", "FileStreamSource"));
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return new ConnectorConfig(config);
    }

    @Test
    void producersNeitherLoseNorReorder() {
        Map<String, Object> producer = clients(worker(), "All").producer(connector(),
                FileStreamSourceConnector.class, ConnectorType.SOURCE, "connector-producer-c-0");
        assertEquals("k1:9092,k2:9092", producer.get("bootstrap.servers"));
        assertEquals("all", producer.get("acks"));
        assertEquals("5", producer.get("max.in.flight.requests.per.connection"));
        assertEquals("true", producer.get("enable.idempotence"));
        assertEquals("65536", producer.get("batch.size"));
        assertEquals("2097152", producer.get("buffer.memory"));
        assertEquals(Long.toString(Long.MAX_VALUE), producer.get("max.block.ms"));
        assertEquals(Integer.toString(Integer.MAX_VALUE), producer.get("delivery.timeout.ms"));
        assertEquals("connector-producer-c-0", producer.get("client.id"));
    }

    @Test
    void withoutIdempotenceOneRequestInFlightKeepsOrder() {
        Map<String, Object> producer = clients(worker("producer.enable.idempotence", "false"), "All").producer(
                connector(), FileStreamSourceConnector.class, ConnectorType.SOURCE, "p");
        assertEquals("1", producer.get("max.in.flight.requests.per.connection"));
        Map<String, Object> chosen = clients(worker(), "All").producer(connector(
                "producer.override.enable.idempotence", "false",
                "producer.override.max.in.flight.requests.per.connection", "3"),
                FileStreamSourceConnector.class, ConnectorType.SOURCE, "p");
        assertEquals("3", chosen.get("max.in.flight.requests.per.connection"));
    }

    @Test
    void theBufferAlwaysHoldsTwoOfTheLargestRequests() {
        Map<String, Object> producer = clients(worker("producer.max.request.size", "10485760"), "All").producer(
                connector(), FileStreamSourceConnector.class, ConnectorType.SOURCE, "p");
        assertEquals("20971520", producer.get("buffer.memory"));
        Map<String, Object> chosen = clients(worker("producer.buffer.memory", "33554432"), "All").producer(
                connector(), FileStreamSourceConnector.class, ConnectorType.SOURCE, "p");
        assertEquals("33554432", chosen.get("buffer.memory"));
    }

    @Test
    void workerSettingsThenConnectorOverrides() {
        WorkerSettings settings = worker("producer.linger.ms", "20", "producer.batch.size", "65536",
                "consumer.max.poll.records", "100");
        Map<String, Object> producer = clients(settings, "All").producer(connector("producer.override.linger.ms",
                "50"), FileStreamSourceConnector.class, ConnectorType.SOURCE, "p");
        assertEquals("50", producer.get("linger.ms"));
        assertEquals("65536", producer.get("batch.size"));

        Map<String, Object> consumer = clients(settings, "All").consumer(connector(), FileStreamSinkConnector.class,
                "connector-consumer-c-0");
        assertEquals("connect-c", consumer.get("group.id"));
        assertEquals("false", consumer.get("enable.auto.commit"));
        assertEquals("earliest", consumer.get("auto.offset.reset"));
        assertEquals("100", consumer.get("max.poll.records"));
    }

    @Test
    void theClientsReportersGetTheWorkersMetricsContextAsInApache() {
        WorkerSettings settings = worker("metrics.context.region", "eu-west", "group.id", "connect-cluster");
        Map<String, Object> producer = clients(settings, "All").producer(connector(
                "producer.override.metrics.context.region", "eu-central"), FileStreamSourceConnector.class,
                ConnectorType.SOURCE, "p");
        assertEquals("eu-central", producer.get("metrics.context.region"), "the connector's override wins");
        assertEquals("connect-cluster", producer.get("metrics.context.connect.group.id"));
        Map<String, Object> consumer = clients(settings, "All").consumer(connector(), FileStreamSinkConnector.class,
                "c");
        assertEquals("eu-west", consumer.get("metrics.context.region"));
        assertEquals("connect-cluster", consumer.get("metrics.context.connect.group.id"));
        assertEquals("eu-west", clients(settings, "All").admin(connector(), FileStreamSinkConnector.class,
                ConnectorType.SINK, "a").get("metrics.context.region"));
    }

    @Test
    void overridesThePolicyRefusesAreNeverApplied() {
        ConnectException e = assertThrows(ConnectException.class, () -> clients(worker(), "None").producer(
                connector("producer.override.acks", "1"), FileStreamSourceConnector.class, ConnectorType.SOURCE,
                "p"));
        assertTrue(e.getMessage().startsWith("Client Config Overrides not allowed"), e.getMessage());
        Map<String, Object> principal = clients(worker(), "Principal").producer(connector(
                "producer.override.security.protocol", "SASL_SSL"), FileStreamSourceConnector.class,
                ConnectorType.SOURCE, "p");
        assertEquals("SASL_SSL", principal.get("security.protocol"));
    }

    @Test
    void adminClientsGetOnlyAdminSettings() {
        Map<String, Object> admin = clients(worker("security.protocol", "SSL", "admin.retries", "3"), "All")
                .admin(connector(), FileStreamSourceConnector.class, ConnectorType.SOURCE, "a");
        assertEquals("SSL", admin.get("security.protocol"));
        assertEquals("3", admin.get("retries"));
        assertFalse(admin.containsKey("key.converter"));
        assertFalse(admin.containsKey("fluxgate.mode"));
    }
}
