package io.fluxgate.api.herder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A connector's offsets: {@code GET /connectors/{c}/offsets}, and the body of {@code PATCH} on it. */
public record ConnectorOffsets(List<ConnectorOffset> offsets) {

    public ConnectorOffsets {
        offsets = offsets == null ? null : Collections.unmodifiableList(new ArrayList<>(offsets));
    }
}
