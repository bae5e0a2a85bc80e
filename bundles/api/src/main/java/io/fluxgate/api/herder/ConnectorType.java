package io.fluxgate.api.herder;

import java.util.Locale;

/** A connector's type, as the REST API writes it: {@code source}, {@code sink} or {@code unknown}. */
public enum ConnectorType {
    SOURCE, SINK, UNKNOWN;

    public String restName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
