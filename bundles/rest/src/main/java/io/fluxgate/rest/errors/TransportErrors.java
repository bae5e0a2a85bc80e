package io.fluxgate.rest.errors;

import java.util.Optional;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.jetty.http.HttpException;

import io.fluxgate.rest.entities.ErrorMessage;

/**
 * Errors the HTTP server raised while the application read the request (a chunked body crossing the size limit: 413)
 * reach the application wrapped in whatever was reading; they keep the server's status and reason.
 */
final class TransportErrors {

    private TransportErrors() {
    }

    /** The server's answer when {@code exception} was caused by an HTTP error of the server. */
    static Optional<Response> toResponse(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http && http.getCode() >= 400 && http.getCode() < 500) {
                String reason = http.getReason() != null ? http.getReason() : cause.getMessage();
                return Optional.of(Response.status(http.getCode())
                        .entity(new ErrorMessage(http.getCode(), reason))
                        .type(MediaType.APPLICATION_JSON_TYPE)
                        .build());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return Optional.empty();
    }
}
