package io.fluxgate.runtime.distributed;

import java.security.NoSuchAlgorithmException;

import javax.crypto.KeyGenerator;

import org.apache.kafka.common.config.ConfigException;

import io.fluxgate.api.storage.SessionKey;

/**
 * When the leader publishes a new session key (KIP-507): when there is none, or the current one is older than
 * {@code inter.worker.key.ttl.ms}. Every worker reads it from the config topic; the leader alone writes it.
 */
final class SessionKeyRotation {

    private final KeyGenerator generator;
    private final long ttlMs;

    SessionKeyRotation(String algorithm, long ttlMs) {
        try {
            this.generator = KeyGenerator.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new ConfigException(DistributedSettings.KEY_GENERATION_ALGORITHM, algorithm, e.getMessage());
        }
        this.ttlMs = ttlMs;
    }

    boolean due(SessionKey current, long now) {
        return current == null || now >= current.creationTimestamp() + ttlMs;
    }

    /** Milliseconds until {@code current} must be replaced (0 when due). */
    long remainingMs(SessionKey current, long now) {
        return current == null ? 0 : Math.max(0, current.creationTimestamp() + ttlMs - now);
    }

    SessionKey next(long now) {
        synchronized (generator) {
            return new SessionKey(generator.generateKey(), now);
        }
    }
}
