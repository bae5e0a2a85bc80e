package io.fluxgate.rest.entities;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Jackson configuration of the REST API. Unknown fields in request bodies are ignored, as Kafka Connect does.
 * Null fields are written (Jackson's default, and Kafka's): an entity that omits a null field says so on that field
 * with {@code @JsonInclude}, as Kafka's entities do. A body with anything after its JSON value is refused, where
 * Kafka's mapper reads the first value and ignores the rest: such a body is broken, not meant.
 */
public final class Json {

    private Json() {
    }

    /** A new mapper configured for the REST API's entities. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
