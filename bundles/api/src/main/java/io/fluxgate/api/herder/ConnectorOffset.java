package io.fluxgate.api.herder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One partition of a connector and its offset: for a source connector both as the connector defines them, for a sink
 * connector {@code {"kafka_topic","kafka_partition"}} and {@code {"kafka_offset"}}. A null offset, in a request to
 * alter offsets, resets that partition. Values are JSON scalars (strings, numbers, booleans, null).
 */
public record ConnectorOffset(Map<String, Object> partition, Map<String, Object> offset) {

    public ConnectorOffset {
        partition = copy(partition);
        offset = copy(offset);
    }

    // Offsets may hold null values, which Map.copyOf refuses.
    private static Map<String, Object> copy(Map<String, ?> map) {
        return map == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
