package io.fluxgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.fluxgate.api.worker.WorkerHealth;
import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.server.ServerSettings;
import io.fluxgate.rest.testing.FakeWorkerInfo;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.InMemoryHerder;
import io.fluxgate.rest.testing.InMemoryLoggerLevels;

/**
 * What clients get wrong, sent over real HTTP: broken JSON, wrong types, missing fields, bodies past the limit,
 * unknown names, path tricks, wrong methods and media types. Every one is a 4xx with Kafka Connect's error body
 * {@code {"error_code":<status>,"message":"..."}}, never a 5xx nor a dropped connection, and the server stays healthy.
 */
class MalformedInputTest {

    private static final String JSON = "application/json";
    private static final String CREATE = "/connectors";
    private static final int LIMIT = 64 * 1024;
    private static RestServer server;
    private static int port;
    private static final List<String> ANSWERED = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        InMemoryHerder herder = new InMemoryHerder();
        FakeWorkerInfo worker = new FakeWorkerInfo().health(WorkerHealth.healthy());
        ResourceConfig api = ConnectRestApi.create(() -> Optional.of(worker), () -> Optional.of(herder));
        InMemoryLoggerLevels levels = new InMemoryLoggerLevels();
        ConnectRestApi.registerAdmin(api, () -> Optional.of(levels), Optional::empty);
        RestListener listener = new RestListener("http", "127.0.0.1", 0);
        ServerSettings plain = ServerSettings.of(List.of(listener));
        server = RestServer.start(new ServerSettings(plain.listeners(), plain.sslValues(), "", "", "", LIMIT,
                plain.requestClassLoader()), api);
        port = server.localPort(listener);
        assertEquals(201, http().send("POST", CREATE, JSON, "{\"name\":\"existing\",\"config\":{}}").statusCode());
    }

    @AfterAll
    static void healthyAfterAll() {
        try {
            assertEquals(200, http().get("/health").statusCode(), "healthy after " + ANSWERED.size() + " bad requests");
            assertEquals(201, http().send("POST", CREATE, JSON, "{\"name\":\"after\",\"config\":{}}").statusCode());
        } finally {
            server.stop();
        }
    }

    static Stream<Arguments> brokenJson() {
        return Stream.of(
                Arguments.of("POST", CREATE, "{\"name\":"),
                Arguments.of("POST", CREATE, "{name: \"a\", config: {}}"),
                Arguments.of("POST", CREATE, "{'name':'a','config':{}}"),
                Arguments.of("POST", CREATE, "not json at all"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":{\"k\":\"v\",}}"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":{}}}"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":{}} {\"name\":\"b\"}"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\u0001\",\"config\":{}}"),
                Arguments.of("POST", CREATE, "[".repeat(5_000) + "]".repeat(5_000)),
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":{\"n\":" + "9".repeat(5_000) + "}}"),
                Arguments.of("PUT", "/connectors/existing/config", "{\"k\":"),
                Arguments.of("PATCH", "/connectors/existing/config", "{\"k\""),
                Arguments.of("PUT", "/admin/loggers/root", "{\"level\":DEBUG}"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("brokenJson")
    void brokenJsonIs400NamingTheProblem(String method, String path, String body) {
        HttpResponse<String> response = http().send(method, path, JSON, body);

        String message = assertError(response, 400);
        assertTrue(message.contains("(line ") || message.contains("length"), message);
        assertTrue(!message.contains("Source:") && !message.contains("\n"), "trimmed: " + message);
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        HttpResponse<String> response = http().send(http().request(CREATE).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());

        assertError(response, 400);
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":\"tasks.max=1\"}"),
                Arguments.of("POST", CREATE, "{\"name\":{\"first\":\"a\"},\"config\":{}}"),
                Arguments.of("POST", CREATE, "{\"name\":[\"a\"],\"config\":{}}"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":{\"k\":{\"nested\":1}}}"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":{\"k\":[1,2]}}"),
                Arguments.of("POST", CREATE, "[{\"name\":\"a\"}]"),
                Arguments.of("POST", CREATE, "\"a\""),
                Arguments.of("POST", CREATE, "42"),
                Arguments.of("PUT", "/connectors/existing/config", "[\"k\",\"v\"]"),
                Arguments.of("PUT", "/connectors/existing/config", "{\"k\":{\"v\":1}}"),
                Arguments.of("PATCH", "/connectors/existing/config", "{\"k\":[\"v\"]}"),
                Arguments.of("PUT", "/admin/loggers/root", "{\"level\":[\"DEBUG\"]}"),
                Arguments.of("PUT", "/admin/loggers/root", "[\"DEBUG\"]"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("wrongTypes")
    void wrongJsonTypesAre400(String method, String path, String body) {
        String message = assertError(http().send(method, path, JSON, body), 400);
        assertTrue(message.startsWith("Cannot "), message);
    }

    static Stream<Arguments> missingFields() {
        return Stream.of(
                Arguments.of("POST", CREATE, "{}"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\"}"),
                Arguments.of("POST", CREATE, "{\"name\":\"a\",\"config\":null}"),
                Arguments.of("POST", CREATE, ""),
                Arguments.of("POST", CREATE, "null"),
                Arguments.of("PUT", "/connectors/existing/config", ""),
                Arguments.of("PATCH", "/connectors/existing/config", ""),
                Arguments.of("PUT", "/admin/loggers/root", "{}"),
                Arguments.of("PUT", "/admin/loggers/root", ""));
    }

    @ParameterizedTest(name = "{0} {1} [{2}]")
    @MethodSource("missingFields")
    void missingFieldsAre400(String method, String path, String body) {
        assertError(http().send(method, path, JSON, body), 400);
    }

    @Test
    void aBodyPastTheLimitIs413WithTheErrorBody() {
        String huge = "{\"name\":\"big\",\"config\":{\"k\":\"" + "x".repeat(LIMIT) + "\"}}";

        assertError(http().send("POST", CREATE, JSON, huge), 413);
    }

    @Test
    void aChunkedBodyPastTheLimitIs413WithTheErrorBody() {
        byte[] huge = ("{\"name\":\"big\",\"config\":{\"k\":\"" + "x".repeat(LIMIT) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpRequest request = http().request(CREATE).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();

        assertError(http().send(request), 413);
    }

    @Test
    void aBodyJustUnderTheLimitIsServed() {
        String large = "{\"name\":\"large\",\"config\":{\"k\":\"" + "x".repeat(LIMIT - 100) + "\"}}";

        assertEquals(201, http().send("POST", CREATE, JSON, large).statusCode());
    }

    @Test
    void hugeHeadersAndUrisAreRefusedWithTheErrorBody() throws IOException {
        assertRawError("GET /connectors/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                414);
        assertRawError("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n", 431);
    }

    static Stream<Arguments> unknownNames() {
        return Stream.of(
                Arguments.of("GET", "/connectors/nope"),
                Arguments.of("GET", "/connectors/nope/"),
                Arguments.of("GET", "/connectors/nope/config"),
                Arguments.of("GET", "/connectors/nope/status"),
                Arguments.of("GET", "/connectors/nope/tasks"),
                Arguments.of("GET", "/connectors/nope/tasks/0/status"),
                Arguments.of("GET", "/connectors/existing/tasks/7/status"),
                Arguments.of("GET", "/connectors/existing/tasks/seven/status"),
                Arguments.of("DELETE", "/connectors/nope"),
                Arguments.of("PUT", "/connectors/nope/pause"),
                Arguments.of("PUT", "/connectors/nope/resume"),
                Arguments.of("PUT", "/connectors/nope/stop"),
                Arguments.of("POST", "/connectors/nope/restart"),
                Arguments.of("POST", "/connectors/nope/tasks/0/restart"),
                Arguments.of("GET", "/connector-plugins/NoSuchConnector/config"),
                Arguments.of("GET", "/admin/loggers/no.such.logger"),
                Arguments.of("GET", "/connectors/" + "n".repeat(4_000)),
                Arguments.of("GET", "/connectors/%E2%9C%93-%C3%A9t%C3%A9"),
                Arguments.of("GET", "/no/such/route"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownNames")
    void unknownNamesAre404(String method, String path) {
        assertError(http().send(method, path, JSON, ""), 404);
    }

    @Test
    void unicodeNamesComeBackDecodedInTheMessage() {
        String message = assertError(http().get("/connectors/%E2%9C%93-%C3%A9t%C3%A9"), 404);
        assertTrue(message.contains("\u2713-\u00e9t\u00e9"), message);
    }

    static Stream<Arguments> pathTricks() {
        return Stream.of(
                Arguments.of("/connectors/a%2Fb"),
                Arguments.of("/connectors/a%2fb/config"),
                Arguments.of("/connectors/%2e%2e/admin/loggers"),
                Arguments.of("/../../etc/passwd"),
                Arguments.of("/connectors/..%2F..%2Fadmin"),
                Arguments.of("/connectors/%zz"),
                Arguments.of("/connectors/%FF%FE"),
                Arguments.of("/connectors/a%00b"),
                Arguments.of("/connectors/a\\b"));
    }

    @ParameterizedTest(name = "GET {0}")
    @MethodSource("pathTricks")
    void pathTricksAre4xx(String path) throws IOException {
        assertRawError("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", -1);
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("DELETE", "/connectors"),
                Arguments.of("PUT", "/connectors"),
                Arguments.of("PATCH", "/health"),
                Arguments.of("PUT", "/"),
                Arguments.of("POST", "/connectors/existing/status"),
                Arguments.of("GET", "/connectors/existing/restart"),
                Arguments.of("DELETE", "/admin/loggers/root"),
                Arguments.of("FOO", "/connectors"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void wrongMethodsAre405(String method, String path) {
        HttpResponse<String> response = http().send(method, path, JSON, "{}");

        assertError(response, 405);
    }

    static Stream<Arguments> wrongMediaTypes() {
        return Stream.of(
                Arguments.of("text/plain", 415),
                Arguments.of("application/xml", 415),
                Arguments.of("application/x-www-form-urlencoded", 415),
                Arguments.of("multipart/form-data; boundary=x", 415),
                Arguments.of("no-slash", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongMediaTypes")
    void wrongContentTypesAreRefused(String contentType, int status) {
        assertError(http().send("POST", CREATE, contentType, "{\"name\":\"m\",\"config\":{}}"), status);
    }

    @Test
    void noContentTypeIs415() throws IOException {
        String body = "{\"name\":\"m\",\"config\":{}}";
        assertRawError("POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body, 415);
    }

    @Test
    void aMalformedAcceptIs400() {
        assertError(http().send(http().request("/connectors").header("Accept", "garbage").GET().build()), 400);
    }

    @Test
    void anUnacceptableAcceptIs406WithTheErrorBodyAnyway() {
        HttpResponse<String> response = http().send(http().request("/connectors").header("Accept", "text/html")
                .GET().build());

        assertError(response, 406);
    }

    /**
     * A client of its own for each request: several of these requests make the server close the connection after
     * answering (a refused body is not read), and the JDK's client may pick such a connection from its pool for the
     * next request before it notices.
     */
    private static HttpProbe http() {
        return new HttpProbe(port);
    }

    private static String assertError(HttpResponse<String> response, int status) {
        ANSWERED.add(response.request().method() + " " + response.request().uri());
        assertEquals(status, response.statusCode(), response.request() + " -> " + response.body());
        String type = response.headers().firstValue("Content-Type").orElse("");
        assertTrue(type.startsWith("application/json"), "Content-Type: " + type + " " + response.body());
        return assertErrorBody(response.body(), status);
    }

    /** {@code status} -1: any 4xx. */
    private static void assertRawError(String request, int status) throws IOException {
        String answer = http().raw(request);
        ANSWERED.add(request.lines().findFirst().orElse(""));
        assertTrue(answer.startsWith("HTTP/1.1 "), answer);
        int code = Integer.parseInt(answer.substring(9, 12));
        if (status == -1) {
            assertTrue(code >= 400 && code < 500, answer);
        } else {
            assertEquals(status, code, answer);
        }
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        assertErrorBody(answer.substring(answer.indexOf("\r\n\r\n") + 4), code);
    }

    private static String assertErrorBody(String body, int status) {
        JsonNode json = HttpProbe.json(body);
        Set<String> fields = new HashSet<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(Set.of("error_code", "message"), fields, body);
        assertEquals(status, json.get("error_code").asInt(), body);
        assertTrue(json.get("message").isTextual() && !json.get("message").asText().isBlank(), body);
        return json.get("message").asText();
    }
}
