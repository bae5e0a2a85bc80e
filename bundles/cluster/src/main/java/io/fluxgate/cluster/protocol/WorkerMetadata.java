package io.fluxgate.cluster.protocol;

import java.util.Objects;

import io.fluxgate.cluster.Assignment;

/**
 * What a member tells the group when it joins (Kafka Connect's {@code ExtendedWorkerState}): its REST URL, the config
 * offset it has read, and, from version 1 on, the assignment it currently holds, so that the leader knows what runs
 * where without keeping state of its own.
 *
 * @param allocation the member's current assignment, or null (a new member, or version 0)
 */
public record WorkerMetadata(String url, long configOffset, Assignment allocation) {

    public WorkerMetadata {
        Objects.requireNonNull(url, "url");
    }
}
