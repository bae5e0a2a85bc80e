package io.fluxgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.Ports;
import io.fluxgate.rest.testing.WorkerConfiguration;

/** {@code access.control.allow.*} and {@code response.http.headers.config}, as Kafka Connect applies them. */
class CrossOriginAndResponseHeadersTest {

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private RestServerComponent component;

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    @Test
    void withoutAllowedOriginsNoCrossOriginHeaderIsSent() {
        HttpProbe http = start(Map.of());

        HttpResponse<String> response = http.send(http.request("/").header("Origin", "http://ui.example.com")
                .GET().build());

        assertEquals(200, response.statusCode());
        assertEquals(Optional.empty(), response.headers().firstValue("Access-Control-Allow-Origin"));
    }

    @Test
    void anAllowedOriginGetsTheHeaderOthersDoNot() {
        HttpProbe http = start(Map.of("access.control.allow.origin", "http://ui.example.com,http://other.example.com"));

        HttpResponse<String> allowed = http.send(http.request("/").header("Origin", "http://ui.example.com")
                .GET().build());
        HttpResponse<String> refused = http.send(http.request("/").header("Origin", "http://evil.example.com")
                .GET().build());

        assertEquals("http://ui.example.com", allowed.headers().firstValue("Access-Control-Allow-Origin")
                .orElse(null));
        assertEquals(Optional.empty(), refused.headers().firstValue("Access-Control-Allow-Origin"));
        assertEquals(200, refused.statusCode(), "served all the same, as Kafka Connect's filter does");
    }

    @Test
    void aPreflightAnswersWithTheAllowedMethods() {
        HttpProbe http = start(Map.of("access.control.allow.origin", "*",
                "access.control.allow.methods", "GET,OPTIONS,HEAD,POST,PUT,DELETE"));

        HttpResponse<String> preflight = http.send(http.request("/connectors")
                .header("Origin", "http://ui.example.com")
                .header("Access-Control-Request-Method", "DELETE")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        assertEquals("http://ui.example.com",
                preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String methods = preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("");
        assertTrue(methods.contains("DELETE") && methods.contains("PUT"), methods);
    }

    @Test
    void withoutAllowedMethodsJettysDefaultsApply() {
        HttpProbe http = start(Map.of("access.control.allow.origin", "*"));

        HttpResponse<String> preflight = http.send(http.request("/connectors")
                .header("Origin", "http://ui.example.com")
                .header("Access-Control-Request-Method", "DELETE")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());

        String methods = preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("");
        assertEquals(Set.of("GET", "POST", "HEAD"), Set.of(methods.split("\\s*,\\s*")), methods);
    }

    @Test
    void responseHeaderRulesApplyToEveryAnswerErrorsIncluded() {
        HttpProbe http = start(Map.of("response.http.headers.config", "set X-Frame-Options:DENY, "
                + "add Cache-Control:no-store, add Cache-Control:no-cache, \"set X-Note:a, b\", "
                + "setDate Expires:3600000"));

        for (String path : List.of("/", "/no/such/route")) {
            HttpResponse<String> response = http.get(path);
            assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null), path);
            assertEquals(List.of("no-store", "no-cache"), response.headers().allValues("Cache-Control"), path);
            assertEquals("a, b", response.headers().firstValue("X-Note").orElse(null), path);
            ZonedDateTime expires = ZonedDateTime.parse(response.headers().firstValue("Expires").orElseThrow(),
                    DateTimeFormatter.RFC_1123_DATE_TIME);
            long inMs = expires.toInstant().toEpochMilli() - System.currentTimeMillis();
            assertTrue(inMs > 3_500_000 && inMs <= 3_600_000, "Expires in " + inMs + " ms");
        }
    }

    private HttpProbe start(Map<String, String> settings) {
        int port = Ports.free();
        Map<String, String> props = new HashMap<>(settings);
        props.put("listeners", "http://127.0.0.1:" + port);
        component = new RestServerComponent(failures::add);
        WorkerConfiguration config = WorkerConfiguration.of(props);
        component.activate(config.as(RestServerConfig.class), config.properties());
        assertTrue(failures.isEmpty(), failures.toString());
        return new HttpProbe(port);
    }
}
