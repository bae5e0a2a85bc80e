package io.fluxgate.rest.forwarding;

import java.util.Optional;

/**
 * The other worker's answer to a forwarded request.
 *
 * @param status its HTTP status
 * @param contentType its {@code Content-Type}, if any
 * @param location its {@code Location}, if any (a created connector)
 * @param body its body; empty when there was none
 */
public record ForwardedResponse(int status, Optional<String> contentType, Optional<String> location, byte[] body) {

    public ForwardedResponse {
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
