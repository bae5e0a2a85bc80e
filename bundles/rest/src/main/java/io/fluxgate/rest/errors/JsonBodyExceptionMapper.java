package io.fluxgate.rest.errors;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;

import io.fluxgate.rest.entities.ErrorMessage;

/**
 * A request body that is not valid JSON, or not of the expected shape, is the client's error: 400 with Jackson's
 * reason and where it stopped. Kafka answers 500 there, which clients read as a server failure. A failure to write
 * a response is still a 500; a body cut short by the server (past the size limit) keeps the server's status.
 */
public final class JsonBodyExceptionMapper implements ExceptionMapper<JsonProcessingException> {

    private static final Logger LOG = LoggerFactory.getLogger(JsonBodyExceptionMapper.class);

    @Override
    public Response toResponse(JsonProcessingException exception) {
        Optional<Response> transport = TransportErrors.toResponse(exception);
        if (transport.isPresent()) {
            return transport.get();
        }
        boolean writing = exception instanceof JsonGenerationException || exception instanceof InvalidDefinitionException
                || exception.getProcessor() instanceof JsonGenerator;
        Response.Status status = writing ? Response.Status.INTERNAL_SERVER_ERROR : Response.Status.BAD_REQUEST;
        if (writing) {
            LOG.error("Cannot write a REST response as JSON", exception);
        } else {
            LOG.debug("Malformed JSON in a REST request", exception);
        }
        return Response.status(status)
                .entity(new ErrorMessage(status.getStatusCode(), describe(exception)))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /**
     * Jackson's own words without the location it appends on a new line (which names Jersey's stream class, or says
     * it was redacted): the field it was reading, when it knows, then the line and column.
     */
    private static String describe(JsonProcessingException exception) {
        StringBuilder text = new StringBuilder(exception.getOriginalMessage().strip());
        if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            text.append(" at '").append(path(mapping.getPath())).append('\'');
        }
        JsonLocation where = exception.getLocation();
        if (where != null && where.getLineNr() >= 0) {
            text.append(" (line ").append(where.getLineNr()).append(", column ").append(where.getColumnNr())
                    .append(')');
        }
        return text.toString().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
