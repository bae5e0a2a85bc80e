package io.fluxgate.rest;

import static io.fluxgate.rest.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.testing.FakeWorkerInfo;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.Ports;

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
        component.activate(config("http://127.0.0.1:" + port));
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
        component.activate(config("http://127.0.0.1:" + port));
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
        component.activate(config("http://127.0.0.1:" + port));
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

            component.activate(config("http://127.0.0.1:" + free + ",http://127.0.0.1:" + busy));

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
                    () -> alone.activate(config("http://127.0.0.1:" + busy)));

            assertEquals("REST listener http://127.0.0.1:" + busy + " cannot start: port " + busy
                    + " is already in use", e.getMessage());
        }
    }

    @Test
    void anHttpsListenerIsReportedAsNotSupportedYet() {
        component = new RestServerComponent(monitor);

        component.activate(config("https://127.0.0.1:8443"));

        assertEquals(List.of("REST listener https://127.0.0.1:8443 cannot start: https listeners are not supported"
                + " yet"), failures);
    }

    @Test
    void aChangeOfListenersMovesTheServer() {
        int before = Ports.free();
        int after = Ports.free();
        component = new RestServerComponent(monitor);
        component.activate(config("http://127.0.0.1:" + before));

        component.modified(config("http://127.0.0.1:" + after));

        assertEquals(503, new HttpProbe(after).get("/health").statusCode());
        Ports.assertReleased(before);
    }

    @Test
    void aChangeOfOtherSettingsKeepsTheServer() {
        int port = Ports.free();
        component = new RestServerComponent(monitor);
        component.activate(config("http://127.0.0.1:" + port));

        component.modified(config(" http://127.0.0.1:" + port + " "));

        assertEquals(503, new HttpProbe(port).get("/health").statusCode());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    @Test
    void listenersAreCommaSeparatedOrSeveralValues() {
        assertEquals(List.of(new RestListener("http", "", 8083), new RestListener("http", "127.0.0.1", 9000),
                        new RestListener("http", "::1", 9001)),
                RestServerComponent.parse(new String[] {"http://:8083, http://127.0.0.1:9000,", "http://[::1]:9001",
                        "http://:8083"}));
    }

    @Test
    void badListenersAreNamed() {
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class,
                () -> RestServerComponent.parse(new String[] {"http://:8083,localhost:8084"}));
        assertEquals("REST listener 'localhost:8084' is not http://host:port", malformed.getMessage());

        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> RestServerComponent.parse(new String[] {" , "}));
        assertEquals("No REST listener: 'listeners' is empty", empty.getMessage());
    }

    @Test
    void theDefaultListenerIsKafkasDefault() throws Exception {
        assertEquals("http://:8083",
                String.join(",", (String[]) RestServerConfig.class.getMethod("listeners").getDefaultValue()));
    }

    private static RestServerConfig config(String... listeners) {
        return new RestServerConfig() {
            @Override
            public String[] listeners() {
                return listeners;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return RestServerConfig.class;
            }
        };
    }
}
