package io.fluxgate.runtime.offsets;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorOffset;
import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.runtime.storage.OffsetCodec;
import io.fluxgate.runtime.storage.OffsetReader;
import io.fluxgate.runtime.storage.OffsetStorageWriter;

/**
 * A source connector's offsets in its offset store (the worker's, or its own topic in front of the worker's), under
 * keys {@code ["<connector>",{partition}]}: listed,
 * written and removed (a null offset is written as a tombstone) exactly as the connector's tasks read them.
 */
final class SourceOffsets {

    private static final Logger LOG = LoggerFactory.getLogger(SourceOffsets.class);

    private final OffsetBackingStore store;
    private final OffsetCodec codec;

    SourceOffsets(OffsetBackingStore store, OffsetCodec codec) {
        this.store = store;
        this.codec = codec;
    }

    /** The connector's partitions that have an offset. */
    List<Map<String, Object>> partitions(String connector) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (ByteBuffer key : store.keys()) {
            Map<String, Object> partition = codec.partition(connector, key);
            if (partition != null) {
                partitions.add(partition);
            }
        }
        return partitions;
    }

    List<ConnectorOffset> read(String connector) {
        List<Map<String, Object>> partitions = partitions(connector);
        try (OffsetReader reader = new OffsetReader(store, codec, connector)) {
            Map<Map<String, Object>, Map<String, Object>> offsets = reader.offsets(partitions);
            List<ConnectorOffset> result = new ArrayList<>();
            for (Map<String, Object> partition : partitions) {
                Map<String, Object> offset = offsets.get(partition);
                if (offset != null) {
                    result.add(new ConnectorOffset(partition, offset));
                }
            }
            return result;
        }
    }

    /**
     * Offsets as the connector's tasks will read them back: through the offset store's JSON, so that a number given
     * as an int reads as a long, as in Kafka ({@code Worker.normalizeSourceConnectorOffsets}).
     */
    Map<Map<String, ?>, Map<String, ?>> normalize(Map<Map<String, Object>, Map<String, Object>> offsets) {
        Map<Map<String, ?>, Map<String, ?>> normalized = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            OffsetCodec.validateFormat(partition);
            OffsetCodec.validateFormat(offset);
            normalized.put(codec.roundTrip(partition), codec.roundTrip(offset));
        });
        return normalized;
    }

    /** Writes the offsets (null ones as tombstones), durably, before returning. */
    void write(String connector, Map<Map<String, ?>, Map<String, ?>> offsets) {
        OffsetStorageWriter writer = new OffsetStorageWriter(store, codec, connector);
        offsets.forEach(writer::offset);
        LOG.debug("Committing the following offsets for source connector {}: {}", connector, offsets);
        if (writer.beginFlush()) {
            writer.doFlush();
        }
    }
}
