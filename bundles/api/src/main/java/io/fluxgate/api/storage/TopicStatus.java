package io.fluxgate.api.storage;

import java.util.Objects;

/**
 * A topic a connector's task produced to or consumed from (KIP-558 topic tracking).
 *
 * @param discoverTimestamp when the task first used it, in milliseconds since the epoch
 */
public record TopicStatus(String topic, String connector, int task, long discoverTimestamp) {

    public TopicStatus {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(connector, "connector");
    }
}
