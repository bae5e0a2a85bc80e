package io.fluxgate.rest.forwarding;

import java.util.Map;
import java.util.Objects;

/**
 * A request as it is sent to another worker.
 *
 * @param method the HTTP method
 * @param pathAndQuery the raw (still encoded) path and query string, starting with {@code /}
 * @param headers the headers to send, by name
 * @param body the body as received; empty when there was none
 */
public record ForwardedRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {

    public ForwardedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public String toString() {
        return method + " " + pathAndQuery;
    }
}
