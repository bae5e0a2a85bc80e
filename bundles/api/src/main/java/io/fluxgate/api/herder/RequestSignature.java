package io.fluxgate.api.herder;

import java.util.Arrays;
import java.util.Objects;

/**
 * The signature of an internal request between workers (KIP-507): an HMAC of the request body with the cluster's
 * session key, sent in the {@code X-Connect-Authorization} header (Base64) with its algorithm in
 * {@code X-Connect-Request-Signature-Algorithm}. The herder, which holds the session key, verifies it.
 *
 * @param algorithm the MAC algorithm as named by the JCA, for example {@code HmacSHA256}
 * @param signature the MAC, decoded from Base64
 * @param body the request body exactly as received, which the MAC covers
 * @param context Fluxgate's signed context of the request, or null when it carried none (an Apache Kafka Connect
 *                worker's request); since 1.3
 * @since 1.2
 */
public record RequestSignature(String algorithm, byte[] signature, byte[] body, SignedContext context) {

    public RequestSignature {
        Objects.requireNonNull(algorithm, "algorithm");
        signature = signature.clone();
        body = body.clone();
    }

    /** A signature of the body only, as Kafka Connect's workers send. */
    public RequestSignature(String algorithm, byte[] signature, byte[] body) {
        this(algorithm, signature, body, null);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestSignature that && algorithm.equals(that.algorithm)
                && Arrays.equals(signature, that.signature) && Arrays.equals(body, that.body)
                && Objects.equals(context, that.context);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, Arrays.hashCode(signature), Arrays.hashCode(body), context);
    }

    @Override
    public String toString() {
        return "RequestSignature[" + algorithm + "]";
    }
}
