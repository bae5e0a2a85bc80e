package io.fluxgate.itests.e2e;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Requests for the REST API made by a seeded random choice among its routes, odd names, methods, query parameters,
 * media types and bodies (the same seed gives the same requests), and a list of requests malformed at the HTTP
 * level. What it never sends: a DELETE of the fixture's connector, a level for a logger of the platform (a TRACE on
 * the root logger would flood the test's log), a file for a sink outside of the test's own paths.
 */
final class RestFuzz {

    /** Requests no client library would send, written on the socket as they are. */
    static final List<String> MALFORMED_HTTP = List.of(
            "GARBAGE\r\n\r\n",
            "\u0000\u0001\u0002\r\n\r\n",
            "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nA header without a colon\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n",
            "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /connectors/%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /connectors/a%00b/status HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /connectors?expand=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
            "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
            "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n",
            "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                    + "Content-Length: 7\r\n\r\n{}",
            "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "PUT /connectors/x/config HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n"
                    + "\r\n\u00ff\u00fe\u0000abcdefg",
            "POST /connectors HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 6\r\n"
                    + "Expect: 100-continue\r\n\r\n{\"a\":}");

    private static final List<String> ROUTES = List.of("/", "/health", "/connectors", "/connectors/{c}",
            "/connectors/{c}/config", "/connectors/{c}/status", "/connectors/{c}/restart", "/connectors/{c}/pause",
            "/connectors/{c}/resume", "/connectors/{c}/stop", "/connectors/{c}/tasks", "/connectors/{c}/tasks-config",
            "/connectors/{c}/tasks/{t}/status", "/connectors/{c}/tasks/{t}/restart", "/connectors/{c}/topics",
            "/connectors/{c}/topics/reset", "/connectors/{c}/offsets", "/connectors/{c}/fence", "/connector-plugins",
            "/connector-plugins/{p}/config", "/connector-plugins/{p}/config/validate", "/admin/loggers",
            "/admin/loggers/{l}", "/{junk}", "/connectors/{c}/{junk}");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
            "TRACE", "FUZZ");
    private static final List<String> NAMES = List.of("fuzz-a", "fuzz-b", "fuzz c", "fuzz/d", "ü-fuzz", "..", ".",
            " ", "%2F", "<script>alert(1)</script>", "null", "x".repeat(300), "\u0000", "fuzz-\uD83D\uDE00", "");
    private static final List<String> TASKS = List.of("0", "1", "-1", "99999999999", "abc", "1.5", " ");
    private static final List<String> PLUGINS = List.of("FileStreamSource", "FileStreamSinkConnector",
            "org.apache.kafka.connect.file.FileStreamSourceConnector", "MirrorSourceConnector", "Nope",
            "java.lang.String", "../x", " ");
    private static final List<String> LOGGERS = List.of("fuzz.a", "io.fluxgate.fuzz", "fuzz..b", "ü", " ",
            "fuzz." + "y".repeat(200));
    private static final List<String> QUERIES = List.of("expand=status", "expand=info", "expand=bogus",
            "expand=status&expand=info", "forward=true", "forward=false", "forward=bogus", "includeTasks=true",
            "onlyFailed=yes", "scope=cluster", "scope=worker", "scope=bogus", "connectorsOnly=maybe", "type=source",
            "type=bogus", "x=%E2%82%AC");
    private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "application/xml", "*/*", "application/json; charset=latin-1",
            "application/x-www-form-urlencoded", "garbage");
    private static final List<String> ACCEPTS = List.of("application/json", "text/html", "*/*", "application/xml",
            "bogus/thing", "application/json;q=0");
    private static final List<String> VALUES = List.of("\"1\"", "\"0\"", "\"-1\"", "\"abc\"", "3", "-7", "1e400",
            "99999999999999999999999", "true", "null", "[]", "{}", "[1,2]", "{\"a\":{\"b\":[null]}}", "\"\"",
            "\"\\u0000\"", "\"" + "z".repeat(100_000) + "\"");

    private final Random random;
    private final String fixture;
    private final Set<String> created = new LinkedHashSet<>();

    RestFuzz(Random random, String fixture) {
        this.random = random;
        this.fixture = fixture;
    }

    /** The names of connectors it may have created: to delete after. */
    Set<String> created() {
        Set<String> names = new LinkedHashSet<>(created);
        names.remove(fixture);
        return names;
    }

    FuzzRequest next() {
        String route = pick(ROUTES);
        String method = pick(METHODS);
        String connector = random.nextInt(4) == 0 ? fixture : pick(NAMES);
        if (method.equals("DELETE") && connector.equals(fixture) && route.equals("/connectors/{c}")) {
            method = "GET";
        }
        String path = route.replace("{c}", encode(connector)).replace("{t}", encode(pick(TASKS)))
                .replace("{p}", encode(pick(PLUGINS))).replace("{l}", encode(pick(LOGGERS)))
                .replace("{junk}", encode(pick(NAMES)));
        if (random.nextInt(3) == 0) {
            path += "?" + pick(QUERIES) + (random.nextBoolean() ? "" : "&" + pick(QUERIES));
        }
        String body = random.nextInt(5) == 0 ? null : body(route, connector);
        if (route.equals("/connectors") || route.equals("/connectors/{c}/config")) {
            created.add(connector);
            if (body != null && body.contains("\"name\":\"")) {
                created.addAll(NAMES);
            }
        }
        String contentType = random.nextInt(6) == 0 ? pick(CONTENT_TYPES) : "application/json";
        String accept = random.nextInt(6) == 0 ? pick(ACCEPTS) : null;
        return new FuzzRequest(method, path, contentType, accept, body);
    }

    private String body(String route, String connector) {
        return switch (random.nextInt(10)) {
            case 0 -> pick(List.of("", "{", "[", "{\"name\":", "}", "nul", "\"unterminated", "{\"a\":1}}"));
            case 1 -> pick(VALUES);
            case 2 -> "[".repeat(5_000) + "]".repeat(5_000);
            case 3 -> new String(randomBytes(), StandardCharsets.ISO_8859_1);
            case 4 -> "{\"level\":" + pick(List.of("\"DEBUG\"", "\"INFO\"", "\"bogus\"", "null", "5", "{}")) + "}";
            case 5 -> "{\"offsets\":[{\"partition\":" + pick(VALUES) + ",\"offset\":" + pick(VALUES) + "}]}";
            case 6 -> "{\"name\":\"" + pick(NAMES).replace("\\", "") + "\",\"config\":" + config() + "}";
            default -> route.equals("/connectors") ? "{\"name\":" + json(connector) + ",\"config\":" + config() + "}"
                    : config();
        };
    }

    /** A connector configuration: mostly of the file connectors, each key possibly of the wrong type. */
    private String config() {
        List<String> entries = new ArrayList<>();
        entries.add("\"connector.class\":" + pick(List.of("\"FileStreamSource\"", "\"FileStreamSink\"",
                "\"Nope\"", "\"MirrorSourceConnector\"", "\"\"", "null", "5")));
        if (random.nextBoolean()) {
            entries.add("\"tasks.max\":" + pick(VALUES));
        }
        if (random.nextBoolean()) {
            // Only paths under which nothing can be written, or nothing exists to read.
            entries.add("\"file\":" + pick(List.of("\"/nonexistent-dir/fluxgate-fuzz/f.txt\"", "\"\"", "null",
                    "\"/proc/fluxgate-fuzz\"")));
        }
        if (random.nextBoolean()) {
            entries.add("\"" + pick(List.of("topic", "topics", "topics.regex", "key.converter", "transforms",
                    "errors.tolerance", "name", "config.action.reload", "header.converter")) + "\":" + pick(VALUES));
        }
        return "{" + String.join(",", entries) + "}";
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000") + "\"";
    }

    /** A path segment, percent-encoded. */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    record FuzzRequest(String method, String path, String contentType, String accept, String body) {

        HttpRequest.Builder build(URI base) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (body != null) {
                request.header("Content-Type", contentType);
            }
            if (accept != null) {
                request.header("Accept", accept);
            }
            return request;
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " " + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
            return method + " " + path + " [" + contentType + (accept == null ? "" : ", accept " + accept) + "]"
                    + shown;
        }
    }
}
