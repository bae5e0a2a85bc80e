package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.testing.FakeWorkerInfo;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.Ports;
import io.fluxgate.rest.testing.WorkerConfiguration;

/** The DS component, driven as SCR would drive it. */
class RestServerComponentTest {

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final StartupMonitor monitor = failures::add;
    private RestServerComponent component;

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    @Test
    void answersBeforeTheWorkerIsThereAndFollowsItAsItComesAndGoes() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);
        activate(component, "http://127.0.0.1:" + port);
        HttpProbe http = new HttpProbe(port);

        assertEquals(503, http.get("/health").statusCode());
        assertTrue(json(http.get("/")).get("kafka_cluster_id").isNull());

        FakeWorkerInfo worker = new FakeWorkerInfo().clusterId("cluster-1").health(WorkerHealth.healthy());
        component.bindWorker(worker);
        assertEquals(200, http.get("/health").statusCode());
        assertEquals("cluster-1", json(http.get("/")).get("kafka_cluster_id").asText());

        component.unbindWorker(worker);
        assertEquals(503, http.get("/health").statusCode());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void aGreedyReplacementKeepsTheNewWorker() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);
        activate(component, "http://127.0.0.1:" + port);
        FakeWorkerInfo first = new FakeWorkerInfo().clusterId("first");
        FakeWorkerInfo second = new FakeWorkerInfo().clusterId("second");

        component.bindWorker(first);
        component.bindWorker(second);
        component.unbindWorker(first);

        assertEquals("second", json(new HttpProbe(port).get("/")).get("kafka_cluster_id").asText());
    }

    @Test
    void deactivationReleasesTheListeners() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);
        activate(component, "http://127.0.0.1:" + port);
        assertEquals(503, new HttpProbe(port).get("/health").statusCode());

        component.deactivate();
        component = null;

        Ports.assertReleased(port);
    }

    @Test
    void aBusyPortIsReportedToTheLauncherInOneLineAndNothingStaysBound() throws Exception {
        int free = Ports.free();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            component = new RestServerComponent(monitor);

            activate(component, "http://127.0.0.1:" + free + ",http://127.0.0.1:" + busy);

            assertEquals(List.of("REST listener http://127.0.0.1:" + busy + " cannot start: port " + busy
                    + " is already in use"), failures);
        }
        Ports.assertReleased(free);
    }

    @Test
    void withoutALauncherABusyPortFailsTheActivation() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int busy = taken.getLocalPort();
            RestServerComponent alone = new RestServerComponent(null);

            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> activate(alone, "http://127.0.0.1:" + busy));

            assertEquals("REST listener http://127.0.0.1:" + busy + " cannot start: port " + busy
                    + " is already in use", e.getMessage());
        }
    }

    @Test
    void anHttpsListenerWithoutAKeyStoreIsReportedInOneLine() {
        component = new RestServerComponent(monitor);

        int port = Ports.free();
        activate(component, "https://127.0.0.1:" + port);

        assertEquals(List.of("REST listener https://127.0.0.1:" + port + " cannot start: no key store (set "
                + "listeners.https.ssl.keystore.location or ssl.keystore.location)"), failures);
    }

    @Test
    void anUnknownRestExtensionIsReportedInOneLineAndNothingStaysBound() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);

        component.activate(restConfig(Map.of("listeners", "http://127.0.0.1:" + port,
                "rest.extension.classes", "com.example.NoSuchExtension")), properties(Map.of("listeners",
                "http://127.0.0.1:" + port, "rest.extension.classes", "com.example.NoSuchExtension")));

        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("REST extension com.example.NoSuchExtension cannot be loaded: "
                + "java.lang.ClassNotFoundException"), failures.get(0));
        Ports.assertReleased(port);
    }

    @Test
    void anInvalidResponseHeaderRuleIsRefusedWithKafkasWords() {
        component = new RestServerComponent(monitor);
        Map<String, String> props = Map.of("listeners", "http://127.0.0.1:" + Ports.free(),
                "response.http.headers.config", "set");

        component.activate(restConfig(props), properties(props));

        assertEquals(List.of("Invalid format of header config 'set'. "
                + "Expected: '[action] [header name]:[header value]'"), failures);
    }

    @Test
    void aChangeOfListenersMovesTheServer() {
        int before = Ports.free();
        int after = Ports.free();
        component = new RestServerComponent(monitor);
        activate(component, "http://127.0.0.1:" + before);

        modified(component, "http://127.0.0.1:" + after);

        assertEquals(503, new HttpProbe(after).get("/health").statusCode());
        Ports.assertReleased(before);
    }

    @Test
    void aChangeOfOtherSettingsKeepsTheServer() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);
        activate(component, "http://127.0.0.1:" + port);

        modified(component, " http://127.0.0.1:" + port + " ");

        assertEquals(503, new HttpProbe(port).get("/health").statusCode());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void listenersAreCommaSeparatedOrSeveralValues() {
        assertEquals(List.of(new RestListener("http", "", 8083), new RestListener("http", "127.0.0.1", 9000),
                        new RestListener("http", "::1", 9001)),
                RestSettings.parseListeners(new String[] {"http://:8083, http://127.0.0.1:9000,", "http://[::1]:9001",
                        "http://:8083"}));
    }

    @Test
    void badListenersAreNamed() {
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> RestSettings.parseListeners(new String[] {"http://:8083,localhost:8084"}));
        assertEquals("REST listener 'localhost:8084' is not http://host:port or https://host:port", malformed.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> RestSettings.parseListeners(new String[] {" , "}));
        assertEquals("No REST listener: 'listeners' is empty", empty.getMessage());
    }

    /** Kafka Connect's admin.listeners: unset, the admin endpoints are with the API; set, on their own; empty, off. */
    @Test
    void theAdminEndpointsGoWhereAdminListenersSays() {
        int api = Ports.free();
        component = new RestServerComponent(monitor);
        component.bindLoggerLevels(new io.fluxgate.rest.testing.InMemoryLoggerLevels());
        activate(component, Map.of("listeners", "http://127.0.0.1:" + api));
        assertEquals(200, new HttpProbe(api).get("/admin/loggers").statusCode(), "unset: with the API");
        component.deactivate();

        int admin = Ports.free();
        component = new RestServerComponent(monitor);
        component.bindLoggerLevels(new io.fluxgate.rest.testing.InMemoryLoggerLevels());
        activate(component, Map.of("listeners", "http://127.0.0.1:" + api,
                "admin.listeners", "http://127.0.0.1:" + admin));
        HttpProbe onApi = new HttpProbe(api);
        HttpProbe onAdmin = new HttpProbe(admin);
        assertEquals(404, onApi.get("/admin/loggers").statusCode(), "not on the API's listener");
        assertEquals(200, onAdmin.get("/admin/loggers").statusCode(), onAdmin.get("/admin/loggers").body());
        assertTrue(onAdmin.get("/admin/loggers").body().contains("\"root\""));
        assertEquals(404, onAdmin.get("/connectors").statusCode(), "the API is not on the admin listener");
        assertEquals(404, onAdmin.get("/").statusCode());
        assertEquals(200, onApi.get("/").statusCode());
        component.deactivate();

        component = new RestServerComponent(monitor);
        component.bindLoggerLevels(new io.fluxgate.rest.testing.InMemoryLoggerLevels());
        activate(component, Map.of("listeners", "http://127.0.0.1:" + api, "admin.listeners", ""));
        assertEquals(404, new HttpProbe(api).get("/admin/loggers").statusCode(), "empty: nowhere");
        assertThrows(Exception.class, () -> new java.net.Socket("127.0.0.1", admin).close(),
                "nothing listens on the former admin port");
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void anAdminListenerThatIsAlsoARestListenerIsRefusedInOneLine() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);
        activate(component, Map.of("listeners", "http://127.0.0.1:" + port,
                "admin.listeners", "http://127.0.0.1:" + port));
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("Admin listener http://127.0.0.1:" + port + " is also a REST listener"),
                failures.get(0));
    }

    /** GET /metrics: served unless fluxgate.metrics.endpoint.enable=false, in the format the scraper prefers. */
    @Test
    void theMetricsEndpointServesKafkasMetricsUnlessTurnedOff() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);
        activate(component, "http://127.0.0.1:" + port);
        HttpProbe http = new HttpProbe(port);
        try (Metrics metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                new KafkaMetricsContext("kafka.producer", Map.of()))) {
            metrics.addMetric(metrics.metricName("record-send-total", "producer-metrics", "",
                    Map.of("client-id", "component-test")), new CumulativeSum());

            HttpResponse<String> text = http.get("/metrics");
            assertEquals(200, text.statusCode(), text.body());
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    text.headers().firstValue("Content-Type").orElse(""));
            assertTrue(text.body().contains("# TYPE kafka_producer_record_send_total counter\n"
                    + "kafka_producer_record_send_total{clientid=\"component-test\"} 0.0\n"), text.body());

            HttpResponse<String> openMetrics = http.send(http.request("/metrics")
                    .header("Accept", "application/openmetrics-text;version=1.0.0,text/plain;q=0.5").GET().build());
            assertTrue(openMetrics.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/openmetrics-text; version=1.0.0"));
            assertTrue(openMetrics.body().contains("# TYPE kafka_producer_record_send counter\n"), openMetrics.body());
            assertTrue(openMetrics.body().endsWith("# EOF\n"));
        }
        component.deactivate();

        component = new RestServerComponent(monitor);
        activate(component, Map.of("listeners", "http://127.0.0.1:" + port, "fluxgate.metrics.endpoint.enable",
                "false"));
        HttpResponse<String> off = http.get("/metrics");
        assertEquals(404, off.statusCode());
        assertEquals(404, json(off).get("error_code").asInt(), "Kafka Connect's error body");
        assertEquals(200, http.get("/").statusCode());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void theDefaultListenerIsKafkasDefault() throws Exception {
        assertEquals("http://:8083",
                String.join(",", (String[]) RestServerConfig.class.getMethod("listeners").getDefaultValue()));
    }

    private static void activate(RestServerComponent component, String listeners) {
        activate(component, Map.of("listeners", listeners));
    }

    private static void activate(RestServerComponent component, Map<String, String> props) {
        component.activate(restConfig(props), properties(props));
    }

    private static void modified(RestServerComponent component, String listeners) {
        Map<String, String> props = Map.of("listeners", listeners);
        component.modified(restConfig(props), properties(props));
    }

    private static RestServerConfig restConfig(Map<String, String> props) {
        return WorkerConfiguration.of(props).as(RestServerConfig.class);
    }

    private static Map<String, Object> properties(Map<String, String> props) {
        return WorkerConfiguration.of(props).properties();
    }
}
