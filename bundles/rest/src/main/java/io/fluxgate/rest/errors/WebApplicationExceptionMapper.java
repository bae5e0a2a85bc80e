package io.fluxgate.rest.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.rest.entities.ErrorMessage;

/**
 * JAX-RS's own errors (unknown route 404, 405, 406, 415, bad parameters...) keep their status and headers
 * ({@code Allow} on a 405) and get the error body, with the exception's message ("HTTP 404 Not Found").
 */
public final class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private static final Logger LOG = LoggerFactory.getLogger(WebApplicationExceptionMapper.class);

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original.getStatus();
        if (status < 400) {
            // A redirection or the like, thrown on purpose: not an error.
            return original;
        }
        LOG.debug("REST request answered {}: {}", status, exception.getMessage(), exception);
        return Response.fromResponse(original)
                .entity(new ErrorMessage(status, exception.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }
}
