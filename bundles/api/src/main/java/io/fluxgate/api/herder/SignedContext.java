package io.fluxgate.api.herder;

import java.util.Arrays;
import java.util.Objects;

/**
 * What Fluxgate's workers sign besides the body when they hand task configurations to the leader (Kafka Connect's
 * KIP-507 signs the body only): the connector the request is for, which the leader takes from the request's path, and
 * the generation of the connector's configuration the task configurations were generated from
 * ({@link io.fluxgate.api.storage.ConfigSnapshot#configGeneration}). With it, a captured request is refused at another
 * connector's path, and once the connector's configuration has changed.
 *
 * @param generation the generation of the connector's configuration
 * @param signature  the MAC of the connector, the generation and the body, with the body signature's key and algorithm
 * @since 1.3
 */
public record SignedContext(long generation, byte[] signature) {

    public SignedContext {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedContext that && generation == that.generation
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(generation, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedContext[generation " + generation + "]";
    }
}
