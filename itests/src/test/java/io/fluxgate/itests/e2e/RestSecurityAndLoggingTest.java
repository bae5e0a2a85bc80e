package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shipped distribution with Kafka Connect's REST security settings, set as Kafka documents them: an http and an
 * https listener, Kafka's basic-auth REST extension (shipped in lib/) with a JAAS file given through KAFKA_OPTS, and
 * {@code /admin/loggers} changing what the worker really logs.
 */
class RestSecurityAndLoggingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "changeit-e2e";
    private static final String AUTH = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin-secret".getBytes(StandardCharsets.UTF_8));
    /** What the REST bundle's error mapper logs at DEBUG when it answers 404 (the access log has every path). */
    private static final String DEBUG_404 = "REST request answered 404";
    private RunningWorker worker;

    @AfterEach
    void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void basicAuthHttpsAndLoggerLevelsInTheRealDistribution(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        Path keyStore = dir.resolve("server.p12");
        Path certificate = dir.resolve("server.crt");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
                "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        Path users = Files.writeString(dir.resolve("users.properties"), "admin=admin-secret\n");
        Path jaas = Files.writeString(dir.resolve("connect-jaas.conf"), "KafkaConnect {\n"
                + "  org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule required\n"
                + "  file=\"" + users + "\";\n};\n");

        int[] ports = Distribution.freePorts(2);
        int https = ports[1];
        worker = RunningWorker.setup(dist)
                .set("listeners", "http://127.0.0.1:" + ports[0] + ",https://127.0.0.1:" + https)
                .set("listeners.https.ssl.keystore.location", keyStore.toString())
                .set("listeners.https.ssl.keystore.password", PASSWORD)
                .set("listeners.https.ssl.keystore.type", "PKCS12")
                .set("rest.extension.classes",
                        "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension")
                .env("KAFKA_OPTS", "-Djava.security.auth.login.config=" + jaas)
                .authorization(AUTH) // /health too is behind the extension
                .start();

        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI base = worker.base;

        HttpResponse<String> anonymous = send(plain, base.resolve("/connectors"), null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertTrue(anonymous.body().contains("User cannot access the resource."), anonymous.body());
        assertEquals(200, send(plain, base.resolve("/connectors"), AUTH).statusCode());

        HttpClient tls = HttpClient.newBuilder().sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpResponse<String> secure = send(tls, URI.create("https://127.0.0.1:" + https + "/"), AUTH);
        assertEquals(200, secure.statusCode(), secure.body());
        assertEquals("4.3.1", JSON.readTree(secure.body()).get("version").asText());
        assertEquals(401, send(tls, URI.create("https://127.0.0.1:" + https + "/"), null).statusCode());

        // The 404 of an unknown route is logged at DEBUG by the REST bundle: not by default, once asked.
        Path log = dist.home.resolve("logs/connect.log");
        assertEquals(404, send(plain, base.resolve("/before-the-change"), AUTH).statusCode());
        HttpResponse<String> changed = put(plain, base.resolve("/admin/loggers/io.fluxgate.rest"),
                "{\"level\":\"DEBUG\"}");
        assertEquals(200, changed.statusCode(), changed.body());
        assertTrue(JSON.readTree(changed.body()).toString().contains("io.fluxgate.rest.errors"), changed.body());
        assertFalse(Files.readString(log).contains(DEBUG_404), "logged at DEBUG before the level changed");
        assertEquals(404, send(plain, base.resolve("/after-the-change"), AUTH).statusCode());
        awaitLogged(log, DEBUG_404);

        JsonNode level = JSON.readTree(send(plain, base.resolve("/admin/loggers/io.fluxgate.rest"), AUTH).body());
        assertEquals("DEBUG", level.get("level").asText());
        assertTrue(level.get("last_modified").isNumber(), level.toString());
        assertEquals("INFO", JSON.readTree(send(plain, base.resolve("/admin/loggers/root"), AUTH).body())
                .get("level").asText());
        assertEquals(404, put(plain, base.resolve("/admin/loggers/root"), "{\"level\":\"LOUD\"}").statusCode());

        assertEquals(0, worker.stop(), "exit status after SIGTERM; stderr: " + dist.stderr());
        assertFalse(Files.readString(log).contains(PASSWORD), "a key store password was logged");
    }

    private static void awaitLogged(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(text + " never logged in " + log);
    }

    private static HttpResponse<String> send(HttpClient client, URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(HttpClient client, URI uri, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Authorization", AUTH)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool: " + output);
    }
}
