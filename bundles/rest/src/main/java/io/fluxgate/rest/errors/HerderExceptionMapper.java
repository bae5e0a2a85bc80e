package io.fluxgate.rest.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.rest.entities.ErrorMessage;

/** A request the herder refused answers with the status the herder gave and Kafka Connect's error body. */
public final class HerderExceptionMapper implements ExceptionMapper<HerderException> {

    private static final Logger LOG = LoggerFactory.getLogger(HerderExceptionMapper.class);

    @Override
    public Response toResponse(HerderException exception) {
        if (exception.status() >= 500) {
            LOG.error("REST request failed", exception);
        } else {
            LOG.debug("REST request refused with {}: {}", exception.status(), exception.getMessage());
        }
        return Response.status(exception.status())
                .entity(new ErrorMessage(exception.status(), exception.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
