package io.fluxgate.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.ConnectorInfo;
import io.fluxgate.api.herder.ConnectorStateInfo;
import io.fluxgate.api.herder.ConnectorType;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.InstanceState;
import io.fluxgate.api.herder.State;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.boot.config.WorkerSecrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class FluxgatePageTest {

    private static final String EVIL = "<script>alert('x')</script>";
    private final List<String> calls = new ArrayList<>();

    /** A herder with one connector, whose name and trace are hostile markup, and that records the actions. */
    private Herder herder() {
        return (Herder) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Herder.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "connectors" -> List.of(EVIL);
                    case "connectorStatus" -> new ConnectorStateInfo(EVIL, new InstanceState(State.FAILED, "w1:8083",
                            "boom " + EVIL, "4.3.1"), Map.of(0, new InstanceState(State.RUNNING, "w2:8083", null,
                            "4.3.1")), ConnectorType.SOURCE);
                    case "connectorInfo" -> new ConnectorInfo(EVIL, Map.of("connector.class", "FileStreamSource",
                            "secret.password", "never-shown"), List.of(), ConnectorType.SOURCE);
                    case "pauseConnector", "resumeConnector", "deleteConnector", "restartConnector" -> {
                        calls.add(method.getName() + " " + args[0]);
                        yield args[0].equals("missing") ? CompletableFuture.failedFuture(
                                HerderException.connectorNotFound("missing")) : CompletableFuture.completedFuture(null);
                    }
                    case "restartConnectorAndTasks" -> {
                        calls.add("restartConnectorAndTasks " + args[0] + " " + args[1] + " " + args[2]);
                        yield CompletableFuture.completedFuture(null);
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static PluginRegistry registry() {
        return (PluginRegistry) Proxy.newProxyInstance(FluxgatePageTest.class.getClassLoader(),
                new Class<?>[] {PluginRegistry.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "plugins" -> List.of(new PluginDescriptor("a.B", PluginType.SINK, "1.0", "file:/p/b.jar"));
                    case "problems" -> List.of(new PluginProblem("file:/p/x.jar", PluginProblem.Kind.NOT_A_PLUGIN,
                            null, "no plugin " + EVIL, Instant.EPOCH));
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theSnapshotShowsStatesWorkersPluginsAndProblemsButNoConfiguration() {
        ConsoleSnapshot snapshot = ConsoleSnapshot.read(herder(), registry(), Map.of());
        ConsoleSnapshot.Connector c = snapshot.connectors().get(0);
        assertEquals("FAILED", c.state());
        assertEquals("FileStreamSource", c.plugin());
        assertEquals("w2:8083", c.tasks().get(0).workerId());
        String json = SnapshotJson.write(snapshot);
        assertFalse(json.contains("never-shown"), json);
        assertFalse(json.contains("<script>"), "markup is escaped in the JSON too: " + json);
        assertTrue(json.contains("\"location\":\"file:/p/b.jar\""), json);
        assertTrue(json.contains("\"kind\":\"NOT_A_PLUGIN\",\"className\":null"), json);

        String html = SnapshotHtml.render(snapshot, "/system/console/fluxgate");
        assertFalse(html.contains(EVIL), "every value is encoded");
        assertTrue(html.contains("&lt;script&gt;"), html);
        assertTrue(html.contains("failed: trace"), "the trace of the failed connector");
        assertFalse(html.contains("never-shown"));
    }

    @Test
    void aTaskStalledInStartIsShownStalledNotFailed() {
        String reason = "Stalled: initialize() or start() has not returned for over 60 s "
                + "(fluxgate.task.stall.timeout.ms), since 2026-12-07T14:03:12Z";
        Herder herder = (Herder) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Herder.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "connectors" -> List.of("db-source");
                    case "connectorStatus" -> new ConnectorStateInfo("db-source", new InstanceState(State.RUNNING,
                            "w1:8083", null, "1.0"), Map.of(0, new InstanceState(State.UNASSIGNED, "w1:8083",
                            reason, "1.0")), ConnectorType.SOURCE);
                    case "connectorInfo" -> new ConnectorInfo("db-source", Map.of("connector.class", "DbSource"),
                            List.of(), ConnectorType.SOURCE);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ConsoleSnapshot snapshot = ConsoleSnapshot.read(herder, registry(), Map.of());
        assertTrue(snapshot.connectors().get(0).tasks().get(0).stalled());
        String html = SnapshotHtml.render(snapshot, "/system/console/fluxgate");
        assertTrue(html.contains("<tr class=\"stall\"><td colspan=\"8\">Task db-source-0 is stalled: Stalled: "
                + "initialize() or start() has not returned"), html);
        assertFalse(html.contains("failed: trace"), "a task stalled in start() has not failed: " + html);
    }

    @Test
    void aStalledTaskIsShownStalledWithItsReason() {
        String reason = "Stalled: put() has not returned for over 60 s (fluxgate.task.stall.timeout.ms), since "
                + "2026-12-07T14:03:12Z " + EVIL;
        Herder herder = (Herder) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Herder.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "connectors" -> List.of("db-sink");
                    case "connectorStatus" -> new ConnectorStateInfo("db-sink", new InstanceState(State.RUNNING,
                            "w1:8083", null, "1.0"), Map.of(0, new InstanceState(State.RUNNING, "w1:8083", reason,
                            "1.0"), 1, new InstanceState(State.RUNNING, "w1:8083", null, "1.0")),
                            ConnectorType.SINK);
                    case "connectorInfo" -> new ConnectorInfo("db-sink", Map.of("connector.class", "DbSink"),
                            List.of(), ConnectorType.SINK);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        ConsoleSnapshot snapshot = ConsoleSnapshot.read(herder, registry(), Map.of());
        List<ConsoleSnapshot.Task> tasks = snapshot.connectors().get(0).tasks();
        assertTrue(tasks.get(0).stalled());
        assertFalse(tasks.get(1).stalled());

        String json = SnapshotJson.write(snapshot);
        assertTrue(json.contains("\"id\":0,\"state\":\"RUNNING\",\"workerId\":\"w1:8083\",\"stalled\":true,"
                + "\"trace\":\"Stalled: put() has not returned"), json);
        assertTrue(json.contains("\"id\":1,\"state\":\"RUNNING\",\"workerId\":\"w1:8083\",\"stalled\":false,"
                + "\"trace\":null}"), json);

        String html = SnapshotHtml.render(snapshot, "/system/console/fluxgate");
        assertTrue(html.contains("<div class=\"task\" data-task=\"0\">#0 <span class=\"state state-RUNNING\">"
                + "RUNNING</span> <span class=\"stalled\">STALLED</span> on w1:8083</div>"), html);
        assertTrue(html.contains("<tr class=\"stall\"><td colspan=\"8\">Task db-sink-0 is stalled: Stalled: put() "
                + "has not returned for over 60 s"), html);
        assertFalse(html.contains("failed: trace"), "a stalled task has not failed: " + html);
        assertFalse(html.contains(EVIL), "the reason is encoded");
        assertTrue(SnapshotHtml.statusLine(snapshot).contains("1 running; 1 task(s) stalled; "),
                SnapshotHtml.statusLine(snapshot));
    }

    @Test
    void eachListedConnectorHasItsMetricsAndNullsWhereNothingIsKnown() {
        String without = SnapshotJson.write(ConsoleSnapshot.read(herder(), registry(), Map.of()));
        assertTrue(without.contains("\"metrics\":{\"recordsIn\":null,\"recordsOut\":null,\"recordErrors\":null,"
                + "\"recordFailures\":null,\"recordsSkipped\":null,\"lag\":null}"), without);

        ConsoleSnapshot snapshot = ConsoleSnapshot.read(herder(), registry(), Map.of(
                EVIL, new ConnectorMetricsSample(40.0, 28.5, 1.0, 4.0, 0.0, null),
                "not-on-this-herder", new ConnectorMetricsSample(1.0, 1.0, 0.0, 0.0, 0.0, 3.0)));
        String json = SnapshotJson.write(snapshot);
        assertTrue(json.contains("\"trace\":null}],\"metrics\":{\"recordsIn\":40,\"recordsOut\":28.5,"
                + "\"recordErrors\":1,\"recordFailures\":4,\"recordsSkipped\":0,\"lag\":null}}"),
                "after the tasks, the fields before unchanged: " + json);
        assertFalse(json.contains("not-on-this-herder"), "only the herder's connectors: " + json);
        String html = SnapshotHtml.render(snapshot, "/system/console/fluxgate");
        assertTrue(html.contains("data-chart=\"records\"") && html.contains("Records/s in 40.00 \u00b7 out 28.50"),
                html);
        assertFalse(html.contains("data-chart=\"lag\""), "a source has no lag chart");
    }

    @Test
    void withoutServicesThePageSaysTheWorkerIsStarting() {
        ConsoleSnapshot snapshot = ConsoleSnapshot.read(null, null, Map.of());
        assertFalse(snapshot.herderReady());
        assertTrue(SnapshotHtml.statusLine(snapshot).startsWith("The worker is starting."));
        assertEquals(503, ConnectorActions.run(null, "pause", "c").status());
    }

    @Test
    void actionsGoThroughTheHerder() {
        Herder herder = herder();
        assertEquals(200, ConnectorActions.run(herder, "pause", "c").status());
        assertEquals(200, ConnectorActions.run(herder, "resume", "c").status());
        assertEquals(200, ConnectorActions.run(herder, "restart", "c").status());
        assertEquals(200, ConnectorActions.run(herder, "delete", "c").status());
        assertEquals(List.of("pauseConnector c", "resumeConnector c", "restartConnectorAndTasks c false true",
                "deleteConnector c"), calls);
        ConnectorActions.Outcome missing = ConnectorActions.run(herder, "pause", "missing");
        assertEquals(404, missing.status());
        assertEquals("Connector missing not found", missing.message());
        assertEquals(400, ConnectorActions.run(herder, "format", "c").status());
    }

    @Test
    void onlyThePageItselfMayPost() {
        assertFalse(FluxgateConsolePlugin.fromThePage(request(Map.of("Host", "127.0.0.1:8084"))));
        assertTrue(FluxgateConsolePlugin.fromThePage(request(Map.of("Host", "127.0.0.1:8084",
                "X-Fluxgate-Console", "action"))));
        assertTrue(FluxgateConsolePlugin.fromThePage(request(Map.of("Host", "127.0.0.1:8084",
                "X-Fluxgate-Console", "action", "Origin", "http://127.0.0.1:8084"))));
        assertFalse(FluxgateConsolePlugin.fromThePage(request(Map.of("Host", "127.0.0.1:8084",
                "X-Fluxgate-Console", "action", "Origin", "http://evil.example"))));
    }

    @Test
    void theSecurityProviderChecksTheWorkersUserAndPassword() {
        Map<String, Object> hidden = Map.of("console.username", "ops", "console.password", WorkerSecrets.HIDDEN);
        WorkerSecrets secrets = properties -> {
            Map<String, Object> revealed = new HashMap<>(properties);
            revealed.put("console.password", "pw");
            return revealed;
        };
        ConsoleSecurityProvider provider = new ConsoleSecurityProvider(user("ops"), hidden, secrets);
        int[] status = {0};
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setStatus")) {
                        status[0] = (Integer) args[0];
                    }
                    return null;
                });
        assertEquals("ops", provider.authenticate(request(Map.of("Authorization", basic("ops:pw"))), response));
        assertNull(provider.authenticate(request(Map.of("Authorization", basic("ops:wrong"))), response));
        assertEquals(401, status[0]);
        assertNull(provider.authenticate(request(Map.of("Authorization", basic("admin:admin"))), response));
        assertNull(provider.authenticate(request(Map.of()), response));
        // The hidden marker is no password.
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new ConsoleSecurityProvider(user("ops"), hidden, null));
    }

    /** The typed configuration DS would give, with {@code console.username} set. */
    private static ConsoleSecurityProvider.Config user(String name) {
        return new ConsoleSecurityProvider.Config() {
            @Override
            public String console_username() {
                return name;
            }

            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return ConsoleSecurityProvider.Config.class;
            }
        };
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpServletRequest request(Map<String, String> headers) {
        return (HttpServletRequest) Proxy.newProxyInstance(FluxgatePageTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getMethod" -> "GET";
                    case "getScheme" -> "http";
                    case "isSecure" -> false;
                    default -> null;
                });
    }
}
