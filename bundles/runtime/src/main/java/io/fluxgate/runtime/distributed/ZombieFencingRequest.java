package io.fluxgate.runtime.distributed;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.connect.errors.ConnectException;

import io.fluxgate.api.storage.SessionKey;

/**
 * A worker whose exactly-once source task is about to start asks the leader for a round of zombie fencing: Kafka
 * Connect's internal {@code PUT /connectors/{c}/fence}, with an empty body signed with the session key, as Apache's
 * workers send it, and Fluxgate's signed context (the connector and its task configurations' generation, signed for
 * this resource only), so that the request cannot be replayed against another connector or endpoint.
 */
final class ZombieFencingRequest {

    /** Apache's REST request timeout: a round waits for the brokers' fencing and a config topic write. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final byte[] BODY = new byte[0];

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String signatureAlgorithm;

    ZombieFencingRequest(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** Completes once the leader fenced (or found nothing to fence); exceptionally with what it answered. */
    CompletableFuture<Void> send(String leaderUrl, String connector, SessionKey key, long generation) {
        String base = leaderUrl.endsWith("/") ? leaderUrl : leaderUrl + "/";
        URI uri = URI.create(base + "connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/fence");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(BODY));
        if (key != null) {
            RequestSignatures.sign(request, key.key(), signatureAlgorithm, RequestSignatures.Resource.ZOMBIE_FENCING,
                    connector, generation, BODY);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new ConnectException("The leader at " + leaderUrl + " could not fence the zombies of "
                        + connector + ": " + response.statusCode() + " " + response.body());
            }
            return (Void) null;
        });
    }
}
