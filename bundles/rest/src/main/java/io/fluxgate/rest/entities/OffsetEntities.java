package io.fluxgate.rest.entities;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.herder.ConnectorOffsets;

/**
 * The JSON shapes of {@code /connectors/{c}/offsets} (KIP-875) and {@code /connectors/{c}/topics} (KIP-558), as Kafka
 * Connect writes and reads them.
 */
public final class OffsetEntities {

    private OffsetEntities() {
    }

    /** {@code {"partition":{..},"offset":{..}}}; a null offset in a request resets the partition. */
    public record Offset(@JsonProperty("partition") Map<String, Object> partition,
            @JsonProperty("offset") Map<String, Object> offset) {
        ConnectorOffset toApi() {
            return new ConnectorOffset(partition, offset);
        }

        static Offset of(ConnectorOffset offset) {
            return new Offset(offset.partition(), offset.offset());
        }
    }

    /** {@code {"offsets":[..]}}: the answer to GET, and the body of PATCH. */
    public record Offsets(@JsonProperty("offsets") List<Offset> offsets) {
        public static Offsets of(ConnectorOffsets offsets) {
            return new Offsets(offsets.offsets().stream().map(Offset::of).toList());
        }

        public ConnectorOffsets toApi() {
            return new ConnectorOffsets(offsets.stream().map(Offset::toApi).toList());
        }
    }

    /** Kafka's {@code Message}: {@code {"message":".."}}. */
    public record Message(@JsonProperty("message") String message) {
    }

    /** One connector's entry in {@code {"c":{"topics":[..]}}}. */
    public record ActiveTopics(@JsonProperty("topics") List<String> topics) {
    }
}
