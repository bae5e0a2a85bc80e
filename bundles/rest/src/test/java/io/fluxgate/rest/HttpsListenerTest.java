package io.fluxgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.Ports;
import io.fluxgate.rest.testing.TestCertificates;
import io.fluxgate.rest.testing.WorkerConfiguration;

/** https listeners over real TLS, configured with Kafka Connect's keys, beside http ones. */
class HttpsListenerTest {

    @TempDir
    static Path dir;
    private static TestCertificates certs;

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private RestServerComponent component;

    @BeforeAll
    static void certificates() throws IOException {
        certs = TestCertificates.generate(dir);
    }

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    @Test
    void httpAndHttpsListenersServeTogetherWithTheWorkersSslKeys() throws Exception {
        int http = Ports.free();
        int https = Ports.free();
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "http://127.0.0.1:" + http + ",https://127.0.0.1:" + https);
        props.put("ssl.keystore.location", certs.serverKeyStore.toString());
        props.put("ssl.keystore.password", TestCertificates.PASSWORD);
        props.put("ssl.keystore.type", "PKCS12");
        props.put("ssl.key.password", TestCertificates.PASSWORD);
        start(props);

        HttpResponse<String> secure = get(certs.clientContext(false), https, "/");
        assertEquals(200, secure.statusCode(), secure.body());
        assertTrue(secure.body().contains("\"version\""), secure.body());
        assertEquals("TLSv1.3", secure.sslSession().orElseThrow().getProtocol(), "Kafka's default protocol");
        assertEquals(200, new HttpProbe(http).get("/").statusCode());
    }

    @Test
    void listenersHttpsKeysWinAllOrNothingOverTheWorkersSslKeys() throws Exception {
        int https = Ports.free();
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "https://127.0.0.1:" + https);
        // Kafka's clients would use these; the REST listener must not mix them with its own.
        props.put("ssl.keystore.location", dir.resolve("no-such-store.p12").toString());
        props.put("ssl.keystore.password", "wrong");
        props.put("listeners.https.ssl.keystore.location", certs.serverKeyStore.toString());
        props.put("listeners.https.ssl.keystore.password", TestCertificates.PASSWORD);
        props.put("listeners.https.ssl.keystore.type", "PKCS12");
        start(props);

        assertEquals(200, get(certs.clientContext(false), https, "/").statusCode());
    }

    @Test
    void requiredClientAuthenticationRefusesClientsWithoutACertificate() throws Exception {
        int https = Ports.free();
        Map<String, String> props = serverWithTrustStore(https);
        props.put("listeners.https.ssl.client.auth", "required");
        start(props);

        assertThrows(IOException.class, () -> get(certs.clientContext(false), https, "/health"));
        HttpResponse<String> trusted = get(certs.clientContext(true), https, "/health");
        assertEquals(503, trusted.statusCode(), "answered (still starting: no worker here)");
    }

    @Test
    void requestedClientAuthenticationAcceptsClientsWithoutACertificate() throws Exception {
        int https = Ports.free();
        Map<String, String> props = serverWithTrustStore(https);
        props.put("listeners.https.ssl.client.auth", "requested");
        start(props);

        assertEquals(503, get(certs.clientContext(false), https, "/health").statusCode());
        assertEquals(503, get(certs.clientContext(true), https, "/health").statusCode());
    }

    @Test
    void enabledProtocolsAndCipherSuitesAreHonoured() throws Exception {
        int https = Ports.free();
        Map<String, String> props = serverWithTrustStore(https);
        props.put("listeners.https.ssl.enabled.protocols", "TLSv1.2");
        props.put("listeners.https.ssl.protocol", "TLSv1.2");
        props.put("listeners.https.ssl.cipher.suites", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        start(props);

        HttpResponse<String> response = get(certs.clientContext(false), https, "/");
        assertEquals("TLSv1.2", response.sslSession().orElseThrow().getProtocol());
        assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", response.sslSession().orElseThrow().getCipherSuite());
    }

    @Test
    void aWrongKeyStorePasswordStopsTheStartInOneLineWithoutThePassword() {
        int https = Ports.free();
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "https://127.0.0.1:" + https);
        props.put("listeners.https.ssl.keystore.location", certs.serverKeyStore.toString());
        props.put("listeners.https.ssl.keystore.password", "not-the-password-42");
        props.put("listeners.https.ssl.keystore.type", "PKCS12");
        component = new RestServerComponent(failures::add);
        WorkerConfiguration config = WorkerConfiguration.of(props);

        component.activate(config.as(RestServerConfig.class), config.properties());

        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).startsWith("REST server cannot start: "), failures.get(0));
        assertFalse(failures.get(0).contains("not-the-password-42"), failures.get(0));
        Ports.assertReleased(https);
    }

    private Map<String, String> serverWithTrustStore(int https) {
        Map<String, String> props = new HashMap<>();
        props.put("listeners", "https://127.0.0.1:" + https);
        props.put("listeners.https.ssl.keystore.location", certs.serverKeyStore.toString());
        props.put("listeners.https.ssl.keystore.password", TestCertificates.PASSWORD);
        props.put("listeners.https.ssl.keystore.type", "PKCS12");
        props.put("listeners.https.ssl.truststore.location", certs.serverTrustStore.toString());
        props.put("listeners.https.ssl.truststore.password", TestCertificates.PASSWORD);
        props.put("listeners.https.ssl.truststore.type", "PKCS12");
        return props;
    }

    private void start(Map<String, String> props) {
        component = new RestServerComponent(failures::add);
        WorkerConfiguration config = WorkerConfiguration.of(props);
        component.activate(config.as(RestServerConfig.class), config.properties());
        assertTrue(failures.isEmpty(), failures.toString());
    }

    private static HttpResponse<String> get(SSLContext tls, int port, String path)
            throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
