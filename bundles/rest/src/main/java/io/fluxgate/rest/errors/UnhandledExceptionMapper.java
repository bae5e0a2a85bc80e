package io.fluxgate.rest.errors;

import java.util.Optional;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.rest.entities.ErrorMessage;

/**
 * Anything no more specific mapper handles is an internal failure: 500 with the exception's message, as Kafka
 * answers. Jersey picks the mapper of the nearest exception type, so mappers added for narrower types win.
 */
public final class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(UnhandledExceptionMapper.class);

    @Override
    public Response toResponse(Throwable exception) {
        Optional<Response> transport = TransportErrors.toResponse(exception);
        if (transport.isPresent()) {
            return transport.get();
        }
        LOG.error("Uncaught exception in a REST request", exception);
        int status = Response.Status.INTERNAL_SERVER_ERROR.getStatusCode();
        return Response.status(status)
                .entity(new ErrorMessage(status, exception.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
