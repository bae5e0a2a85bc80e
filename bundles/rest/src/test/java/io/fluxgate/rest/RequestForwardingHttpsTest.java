package io.fluxgate.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fluxgate.boot.config.RestListener;
import io.fluxgate.rest.forwarding.RequestForwarder;
import io.fluxgate.rest.server.RestServer;
import io.fluxgate.rest.server.ServerSettings;
import io.fluxgate.rest.testing.ClusterMemberHerder;
import io.fluxgate.rest.testing.HttpProbe;
import io.fluxgate.rest.testing.TestCertificates;

/** A request forwarded to a leader that listens on https and wants the client's certificate. */
class RequestForwardingHttpsTest {

    @TempDir
    static Path dir;

    private RestServer leader;
    private RestServer follower;

    @AfterEach
    void stop() {
        for (RestServer server : new RestServer[] {follower, leader}) {
            if (server != null) {
                server.stop();
            }
        }
    }

    @Test
    void aFollowerReachesAnHttpsLeaderWithTheWorkersSslSettings() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        ClusterMemberHerder leading = new ClusterMemberHerder();
        RestListener secure = new RestListener("https", "127.0.0.1", 0);
        leader = RestServer.start(new ServerSettings(List.of(secure), Map.of(
                "ssl.keystore.location", certs.serverKeyStore.toString(),
                "ssl.keystore.password", new Password(TestCertificates.PASSWORD),
                "ssl.key.password", new Password(TestCertificates.PASSWORD),
                "ssl.truststore.location", certs.serverTrustStore.toString(),
                "ssl.truststore.password", new Password(TestCertificates.PASSWORD),
                "ssl.client.auth", "required"), "", "", "", ServerSettings.DEFAULT_MAX_REQUEST_BYTES,
                RestServer.class.getClassLoader()),
                ConnectRestApi.create(Optional::empty, () -> Optional.of(leading.herder())));

        ClusterMemberHerder following = new ClusterMemberHerder();
        following.follow("https://localhost:" + leader.localPort(secure) + "/");
        RestListener plain = new RestListener("http", "127.0.0.1", 0);
        RequestForwarder forwarder = new RequestForwarder(Map.of(
                "ssl.keystore.location", certs.clientKeyStore.toString(),
                "ssl.keystore.password", new Password(TestCertificates.PASSWORD),
                "ssl.key.password", new Password(TestCertificates.PASSWORD),
                "ssl.truststore.location", certs.clientTrustStore.toString(),
                "ssl.truststore.password", new Password(TestCertificates.PASSWORD)));
        follower = RestServer.start(ServerSettings.of(List.of(plain)), ConnectRestApi.create(Optional::empty,
                () -> Optional.of(following.herder()), Optional::empty, forwarder));

        HttpResponse<String> created = new HttpProbe(follower.localPort(plain)).send("POST", "/connectors",
                "application/json", "{\"name\":\"c\",\"config\":{\"connector.class\":\"S\"}}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(List.of("c"), leading.state().connectors());
    }
}
