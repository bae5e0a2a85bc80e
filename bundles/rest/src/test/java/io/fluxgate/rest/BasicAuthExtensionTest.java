package io.fluxgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.Ports;
import io.fluxgate.rest.testing.WorkerConfiguration;

/**
 * {@code rest.extension.classes} with Kafka's own {@code BasicAuthSecurityRestExtension}, set up as Kafka documents it
 * (a JAAS file named by {@code java.security.auth.login.config}, a properties file of users), over real HTTP.
 */
class BasicAuthExtensionTest {

    private static final String EXTENSION =
            "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension";
    private static final List<String> FAILURES = new CopyOnWriteArrayList<>();
    private static RestServerComponent component;
    private static HttpProbe http;

    @BeforeAll
    static void start(@TempDir Path dir) throws IOException {
        Path users = Files.writeString(dir.resolve("credentials.properties"), "alice=s3cret\n");
        Path jaas = Files.writeString(dir.resolve("connect-jaas.conf"), "KafkaConnect {\n"
                + "  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n"
                + "  file=\"" + users + "\";\n};\n");
        // Read once, when the extension class is initialised: set before anything loads it.
        System.setProperty("java.security.auth.login.config", jaas.toString());
        int port = Ports.free();
        Map<String, String> props = Map.of("listeners", "http://127.0.0.1:" + port,
                "rest.extension.classes", EXTENSION);
        component = new RestServerComponent(FAILURES::add);
        WorkerConfiguration config = WorkerConfiguration.of(props);
        component.activate(config.as(RestServerConfig.class), config.properties());
        assertTrue(FAILURES.isEmpty(), FAILURES.toString());
        http = new HttpProbe(port);
    }

    @AfterAll
    static void stop() {
        component.deactivate();
        System.clearProperty("java.security.auth.login.config");
    }

    @Test
    void withoutCredentialsTheAnswerIs401WithKafkasMessage() {
        HttpResponse<String> response = http.get("/");

        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains("User cannot access the resource."), response.body());
    }

    @Test
    void wrongCredentialsAre401() {
        HttpResponse<String> response = http.send(http.request("/")
                .header("Authorization", basic("alice", "guess")).GET().build());

        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void goodCredentialsAreServed() {
        HttpResponse<String> response = http.send(http.request("/")
                .header("Authorization", basic("alice", "s3cret")).GET().build());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"version\""), response.body());
    }

    @Test
    void adminEndpointsAreProtectedToo() {
        assertEquals(401, http.get("/admin/loggers").statusCode());
        assertEquals(200, http.send(http.request("/admin/loggers")
                .header("Authorization", basic("alice", "s3cret")).GET().build()).statusCode());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
