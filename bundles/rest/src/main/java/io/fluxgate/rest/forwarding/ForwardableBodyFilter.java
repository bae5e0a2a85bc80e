package io.fluxgate.rest.forwarding;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/**
 * Keeps the body of a {@link Forwardable} request as received, before the resource reads it, so that a forwarded
 * request carries the very bytes the client sent (an internal request's signature covers them). Its presence on the
 * request is what makes it forwardable.
 */
final class ForwardableBodyFilter implements ContainerRequestFilter {

    /** The request property holding the {@link Kept} request. */
    static final String KEPT = ForwardableBodyFilter.class.getName() + ".kept";

    /**
     * What a forwardable request keeps for forwarding.
     *
     * @param headers the headers forwarded besides {@code Authorization} and {@code Content-Type}
     * @param body the body as received, empty when there was none
     */
    record Kept(List<String> headers, byte[] body) {
    }

    private final List<String> headers;

    ForwardableBodyFilter(Forwardable forwardable) {
        this.headers = List.of(forwardable.headers());
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        byte[] body = request.hasEntity() ? request.getEntityStream().readAllBytes() : new byte[0];
        request.setProperty(KEPT, new Kept(headers, body));
        request.setEntityStream(new ByteArrayInputStream(body));
    }
}
