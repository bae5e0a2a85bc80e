package io.fluxgate.runtime.distributed;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;

import io.fluxgate.api.storage.SessionKey;

/**
 * A follower hands the task configurations its connector generated to the leader, which alone writes the config
 * topic: Kafka Connect's internal {@code POST /connectors/{c}/tasks}, the body a JSON array of string maps, signed
 * with the session key ({@link RequestSignatures}). {@code forward=false}: a worker that is no longer the leader
 * answers 409 rather than forwarding further, and the follower tries again after the rebalance.
 */
final class TaskConfigHandoff {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /**
     * When the caller hears of a failure even if the HTTP client never completes the exchange (seen once in a test
     * under load: neither an answer nor the request timeout for a minute), so that the connector's tasks are handed
     * over again rather than never.
     */
    private static final Duration GIVE_UP = TIMEOUT.plusSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .build();
    private final String signatureAlgorithm;

    TaskConfigHandoff(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /**
     * Completes once the leader accepted them, or exceptionally with a {@link ConnectException} saying what it
     * answered. Unsigned when there is no session key (a group that does not use the {@code sessioned} protocol);
     * signed, the request also carries Fluxgate's signed context: the connector and {@code generation}, the generation
     * of the connector's configuration the task configurations come from.
     */
    CompletableFuture<Void> send(String leaderUrl, String connector, List<Map<String, String>> taskConfigs,
            SessionKey key, long generation) {
        byte[] body = json(taskConfigs).getBytes(StandardCharsets.UTF_8);
        String base = leaderUrl.endsWith("/") ? leaderUrl : leaderUrl + "/";
        URI uri = URI.create(base + "connectors/" + URLEncoder.encode(connector, StandardCharsets.UTF_8)
                .replace("+", "%20") + "/tasks?forward=false");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            RequestSignatures.sign(request, key.key(), signatureAlgorithm,
                    RequestSignatures.Resource.TASK_CONFIGURATIONS, connector, generation, body);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() / 100 != 2) {
                throw new ConnectException("The leader at " + leaderUrl + " refused the task configurations of "
                        + connector + ": " + response.statusCode() + " " + response.body());
            }
            return (Void) null;
        }).orTimeout(GIVE_UP.toMillis(), TimeUnit.MILLISECONDS); // a hand-off that never ends is retried too
    }

    /** The body: Kafka Connect's JSON, a list of string-to-string maps (null values kept). */
    static String json(List<Map<String, String>> taskConfigs) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < taskConfigs.size(); i++) {
            json.append(i == 0 ? "{" : ",{");
            boolean first = true;
            for (Map.Entry<String, String> entry : taskConfigs.get(i).entrySet()) {
                json.append(first ? "" : ",");
                first = false;
                string(json, entry.getKey());
                json.append(':');
                if (entry.getValue() == null) {
                    json.append("null");
                } else {
                    string(json, entry.getValue());
                }
            }
            json.append('}');
        }
        return json.append(']').toString();
    }

    private static void string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
