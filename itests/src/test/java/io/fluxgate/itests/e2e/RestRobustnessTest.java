package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The REST server of the assembled distribution under what strict clients, broken clients and attackers send: OPTIONS
 * on any resource, a body that never ends, hundreds of clients sending their bodies a byte a second, and a seeded
 * fuzz run of a few thousand requests. No answer is a 5xx, and {@code /health} keeps answering throughout.
 */
class RestRobustnessTest {

    private static final String CONNECTOR = "robust-source";
    private static final long FUZZ_SEED = Long.getLong("fuzz.seed", 20261207L);
    private static final int FUZZ_REQUESTS = Integer.getInteger("fuzz.requests", 3000);

    @TempDir
    static Path dir;
    private static RunningWorker worker;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        worker = RunningWorker.start(Distribution.copyInto(dir), Map.of());
        worker.create(CONNECTOR, "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\","
                + "\"file\":\"" + dir.resolve("in.txt") + "\",\"topic\":\"robust\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        if (worker != null) {
            worker.close();
        }
    }

    /**
     * {@code admin.listeners}, as Kafka Connect: the admin endpoints on their own listener and not on the API's, the
     * API not on the admin listener; set empty, nowhere and no port for them. A worker of its own, since the setting
     * shapes the server.
     */
    @Test
    void adminListenersServeTheAdminEndpointsApart(@TempDir Path own) throws Exception {
        int adminPort = Distribution.freePort();
        try (RunningWorker separate = RunningWorker.start(Distribution.copyInto(own.resolve("separate")),
                Map.of("admin.listeners", "http://127.0.0.1:" + adminPort))) {
            assertEquals(404, separate.status("/admin/loggers"), "not on the API's listener");
            java.net.URI admin = java.net.URI.create("http://127.0.0.1:" + adminPort);
            HttpResponse<String> loggers = send(HttpRequest.newBuilder(admin.resolve("/admin/loggers")));
            assertEquals(200, loggers.statusCode(), loggers.body());
            assertTrue(loggers.body().contains("\"root\""), loggers.body());
            assertEquals(404, send(HttpRequest.newBuilder(admin.resolve("/connectors"))).statusCode());
            assertTrue(WebConsoleTest.listeningPorts(separate.pid()).containsAll(
                    Set.of(separate.base.getPort(), adminPort)));
        }
        try (RunningWorker none = RunningWorker.start(Distribution.copyInto(own.resolve("none")),
                Map.of("admin.listeners", ""))) {
            assertEquals(404, none.status("/admin/loggers"), "empty: served nowhere");
            assertFalse(WebConsoleTest.listeningPorts(none.pid()).contains(adminPort));
            assertTrue(Files.readString(none.dist.home.resolve("logs/connect.log"))
                    .contains("The admin endpoints are not served: admin.listeners is empty"));
        }
    }

    /** Jersey's own OPTIONS answer, as Apache 4.3.1 gives it: 200, the resource's methods in Allow and the body. */
    @Test
    void optionsAnswersTheResourcesMethods() throws Exception {
        Map<String, Set<String>> expected = Map.of(
                "/", Set.of("HEAD", "GET", "OPTIONS"),
                "/connectors", Set.of("HEAD", "GET", "POST", "OPTIONS"),
                "/connectors/" + CONNECTOR, Set.of("HEAD", "GET", "DELETE", "OPTIONS"),
                "/connectors/" + CONNECTOR + "/config", Set.of("HEAD", "GET", "PUT", "PATCH", "OPTIONS"),
                "/connectors/missing/status", Set.of("HEAD", "GET", "OPTIONS"),
                "/connector-plugins", Set.of("HEAD", "GET", "OPTIONS"),
                "/admin/loggers", Set.of("HEAD", "GET", "OPTIONS"));
        for (Map.Entry<String, Set<String>> resource : expected.entrySet()) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(worker.base.resolve(resource.getKey()))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertEquals(200, answer.statusCode(), resource.getKey() + ": " + answer.body());
            Set<String> allowed = new TreeSet<>();
            for (String method : answer.headers().firstValue("Allow").orElse("").split(",")) {
                allowed.add(method.trim());
            }
            assertEquals(new TreeSet<>(resource.getValue()), allowed, resource.getKey());
        }
        assertFalse(log().contains("requires a proxy"), "no HK2 failure in the log");
    }

    /** A chunked body whose end never comes: 408 and the connection closed, not a 500 from the idle timeout. */
    @Test
    void aBodyThatNeverEndsIsAnswered408() throws Exception {
        try (Socket socket = new Socket(worker.base.getHost(), worker.base.getPort())) {
            socket.setSoTimeout(90_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("{\"error_code\":408,"), answer);
        }
    }

    /**
     * 500 clients each sending a connector's configuration a byte a second (a body of 1,000 bytes): meanwhile
     * {@code /health} answers within a Kubernetes probe's 10 s, and another client creates a connector.
     */
    @Test
    void slowClientsLeaveTheServerToTheOthers() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            byte[] head = ("POST /connectors HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 500; i++) {
                Socket socket = new Socket(worker.base.getHost(), worker.base.getPort());
                socket.getOutputStream().write(head);
                slow.add(socket);
            }
            for (int second = 0; second < 5; second++) {
                for (Socket socket : slow) {
                    socket.getOutputStream().write(' ');
                }
                HttpResponse<String> health = send(HttpRequest.newBuilder(worker.base.resolve("/health"))
                        .timeout(Duration.ofSeconds(10)));
                assertEquals(200, health.statusCode(), health.body());
                TimeUnit.SECONDS.sleep(1);
            }
            HttpResponse<String> created = send(HttpRequest.newBuilder(worker.base.resolve("/connectors"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"beside-the-slow-ones\",\"config\":"
                            + "{\"connector.class\":\"FileStreamSink\",\"topics\":\"robust\",\"file\":\""
                            + dir.resolve("out.txt") + "\"}}")));
            assertEquals(201, created.statusCode(), created.body());
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        worker.delete("beside-the-slow-ones");
    }

    /**
     * A connector created while another client deletes the same name: the creation is answered 201 (with the
     * configuration as submitted, as Kafka Connect answers it), never 404, and the end state is one of the two orders:
     * the connector is there with its status, or it is gone from the list and its status too.
     */
    @Test
    void aCreationRacingADeletionIsAnsweredConsistently() throws Exception {
        for (int i = 0; i < 20; i++) {
            String name = "race-" + i;
            String body = "{\"name\":\"" + name + "\",\"config\":{\"connector.class\":\"FileStreamSource\","
                    + "\"tasks.max\":\"1\",\"file\":\"" + dir.resolve("race.txt") + "\",\"topic\":\"race\"}}";
            var creation = HTTP.sendAsync(HttpRequest.newBuilder(worker.base.resolve("/connectors"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            int deleted = 404;
            for (int attempt = 0; attempt < 200 && deleted == 404 && !creation.isDone(); attempt++) {
                deleted = send(HttpRequest.newBuilder(worker.base.resolve("/connectors/" + name)).DELETE())
                        .statusCode();
            }
            HttpResponse<String> created = creation.get(60, TimeUnit.SECONDS);
            assertEquals(201, created.statusCode(), name + ": " + created.body());
            assertTrue(created.body().contains("\"name\":\"" + name + "\""), created.body());
            int info = worker.status("/connectors/" + name);
            int status = worker.status("/connectors/" + name + "/status");
            boolean listed = worker.body("/connectors").contains("\"" + name + "\"");
            if (info == 200) {
                assertEquals(200, status, name + " is there, so is its status");
                assertTrue(listed, name + " is listed");
                worker.delete(name);
            } else {
                assertEquals(404, info, name);
                assertEquals(404, status, name + " is gone, so is its status");
                assertFalse(listed, name + " is not listed");
                assertEquals(204, deleted, name + " was deleted by the other client");
            }
        }
    }

    /**
     * A seeded run of requests made of the API's routes with odd names, methods, query parameters, headers and
     * bodies, plus a few malformed at the HTTP level: none is answered 5xx, and the worker is healthy after. A
     * failure names the seed ({@code -Dfuzz.seed}) and the requests, to replay them.
     */
    @Test
    void fuzzedRequestsAreNeverAnsweredWithA5xx() throws Exception {
        RestFuzz fuzz = new RestFuzz(new Random(FUZZ_SEED), CONNECTOR);
        List<String> serverErrors = new ArrayList<>();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        String previous = "";
        for (int i = 0; i < FUZZ_REQUESTS; i++) {
            RestFuzz.FuzzRequest request = fuzz.next();
            int status;
            try {
                status = send(request.build(worker.base)).statusCode();
            } catch (HttpTimeoutException e) {
                status = 599;
            } catch (IOException e) {
                // The server closed the connection without an answer, or without saying it would close it.
                status = 598;
                serverErrors.add("no answer (" + e.getMessage() + ") to " + request + ", after " + previous);
            }
            statuses.merge(status, 1, Integer::sum);
            if (status >= 500) {
                serverErrors.add(status + " " + request);
            }
            previous = status + " " + request;
        }
        for (String raw : RestFuzz.MALFORMED_HTTP) {
            int status = rawStatus(raw);
            statuses.merge(status, 1, Integer::sum);
            // 505 names the client's HTTP version as unsupported: the client's error, which HTTP numbers 5xx.
            if (status >= 500 && !(status == 505 && raw.contains(" HTTP/9.9"))) {
                serverErrors.add(status + " raw " + raw.replace("\r\n", "\\r\\n"));
            }
        }
        System.out.println("RestRobustnessTest: seed " + FUZZ_SEED + ", statuses " + statuses);
        assertEquals(List.of(), serverErrors.subList(0, Math.min(20, serverErrors.size())),
                serverErrors.size() + " answers with 5xx (seed " + FUZZ_SEED + ")");
        assertEquals(200, worker.status("/health"));
        // The fuzz's own connectors go; the fixture's stays running.
        for (String name : fuzz.created()) {
            send(HttpRequest.newBuilder(worker.base.resolve("/connectors/" + RestFuzz.encode(name))).DELETE());
        }
        assertTrue(worker.connectorStatus(CONNECTOR).has("connector"), "the fixture's connector is still there");
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The status of a raw request's answer; 0 when the server closes without one (a valid answer to garbage). */
    private static int rawStatus(String raw) throws IOException {
        try (Socket socket = new Socket(worker.base.getHost(), worker.base.getPort())) {
            socket.setSoTimeout(45_000);
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.ISO_8859_1);
            return line.startsWith("HTTP/1.1 ") ? Integer.parseInt(line.substring(9, 12)) : 0;
        } catch (SocketTimeoutException e) {
            return 599;
        } catch (IOException e) {
            return 0;
        }
    }

    private static String log() throws IOException {
        return Files.readString(worker.dist.home.resolve("logs/connect.log"));
    }
}
