package io.fluxgate.runtime.distributed;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.RequestSignature;

/**
 * Signs and verifies internal requests between workers as Kafka Connect's {@code InternalRequestSignature} (KIP-507):
 * an HMAC of the exact request body with the cluster's session key.
 */
public final class RequestSignatures {

    /** The header carrying the Base64 MAC. */
    public static final String SIGNATURE_HEADER = "X-Connect-Authorization";
    /** The header naming the MAC algorithm. */
    public static final String ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm";

    private RequestSignatures() {
    }

    /** The MAC of {@code body}; throws {@link IllegalArgumentException} for an algorithm the JVM lacks. */
    public static byte[] sign(SecretKey key, String algorithm, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot sign with " + algorithm + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a request as Kafka Connect does: without a signature 400, with one that this worker does not accept
     * (an algorithm not in {@code accepted}, no session key yet, or a MAC that does not match) 403.
     */
    public static void verify(RequestSignature signature, SecretKey key, Collection<String> accepted) {
        if (signature == null) {
            throw new HerderException(400, "Internal request missing required signature.");
        }
        if (key == null || !accepted.contains(signature.algorithm()) || !matches(signature, key)) {
            throw new HerderException(403, "Internal request contained invalid signature.");
        }
    }

    private static boolean matches(RequestSignature signature, SecretKey key) {
        try {
            return MessageDigest.isEqual(sign(key, signature.algorithm(), signature.body()), signature.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
