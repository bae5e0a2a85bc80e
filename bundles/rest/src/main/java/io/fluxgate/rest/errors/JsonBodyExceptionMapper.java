package io.fluxgate.rest.errors;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;

import io.fluxgate.rest.entities.ErrorMessage;

/**
 * A request body that is not valid JSON, or not of the expected shape, is the client's error: 400 with Jackson's
 * reason and where it stopped. Kafka answers 500 there, which clients read as a server failure. A failure to write
 * a response is still a 500.
 */
public final class JsonBodyExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonBodyExceptionMapper.class);

    @Override
    public Response toResponse(JsonProcessingException exception) {
        boolean reading = exception.getProcessor() instanceof JsonParser;
        Response.Status status = reading ? Response.Status.BAD_REQUEST : Response.Status.INTERNAL_SERVER_ERROR;
        if (reading) {
            LOG.debug("Malformed JSON in a REST request", exception);
        } else {
            LOG.error("Cannot write a REST response as JSON", exception);
        }
        return Response.status(status)
                .entity(new ErrorMessage(status.getStatusCode(), describe(exception)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static String describe(JsonProcessingException exception) {
        JsonLocation where = exception.getLocation();
        String what = exception.getOriginalMessage();
        if (where == null || where.getLineNr() < 0) {
            return what;
        }
        return what + " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
}
