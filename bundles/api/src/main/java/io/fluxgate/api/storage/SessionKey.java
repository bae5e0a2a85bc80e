package io.fluxgate.api.storage;

import java.util.Objects;

import javax.crypto.SecretKey;

/**
 * The key that signs requests between the workers of a cluster (KIP-507), as the leader distributes it through the
 * config topic.
 *
 * @param creationTimestamp when the leader created it, in milliseconds since the epoch: its age decides rotation
 */
public record SessionKey(SecretKey key, long creationTimestamp) {

    public SessionKey {
        Objects.requireNonNull(key, "key");
    }
}
