package io.fluxgate.runtime.distributed;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.SignedContext;

/**
 * Signs and verifies internal requests between workers as Kafka Connect's {@code InternalRequestSignature} (KIP-507):
 * an HMAC of the exact request body with the cluster's session key. Fluxgate's workers also sign a context, in headers
 * of their own that Kafka Connect's workers ignore: the connector a task-configuration handoff is for and the
 * generation of its configuration ({@link SignedContext}); see docs/inter-worker-requests.md for what that refuses.
 */
public final class RequestSignatures {

    /** The header carrying the Base64 MAC. */
    public static final String SIGNATURE_HEADER = "X-Connect-Authorization";
    /** The header naming the MAC algorithm. */
    public static final String ALGORITHM_HEADER = "X-Connect-Request-Signature-Algorithm";
    /** Fluxgate's header carrying the generation of the connector's configuration the request comes from. */
    public static final String CONTEXT_GENERATION_HEADER = "X-Fluxgate-Task-Configs-Generation";
    /** Fluxgate's header carrying the Base64 MAC of the context and the body. */
    public static final String CONTEXT_SIGNATURE_HEADER = "X-Fluxgate-Task-Configs-Authorization";

    /** The internal request a signed context is for: the same context signed for one cannot be replayed on another. */
    public enum Resource {
        /** {@code POST /connectors/{c}/tasks}; the generation is that of the connector's configuration. */
        TASK_CONFIGURATIONS("fluxgate task configurations"),
        /** {@code PUT /connectors/{c}/fence}; the generation is that of the connector's task configurations. */
        ZOMBIE_FENCING("fluxgate zombie fencing");

        private final String prefix;

        Resource(String prefix) {
            this.prefix = prefix;
        }
    }

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

    /**
     * Signs a request to another worker: Apache's signature of {@code body}, and Fluxgate's signed context of this
     * {@code resource}, {@code connector} and {@code generation}.
     */
    static void sign(HttpRequest.Builder request, SecretKey key, String algorithm, Resource resource,
            String connector, long generation, byte[] body) {
        Base64.Encoder base64 = Base64.getEncoder();
        request.header(SIGNATURE_HEADER, base64.encodeToString(sign(key, algorithm, body)));
        request.header(ALGORITHM_HEADER, algorithm);
        request.header(CONTEXT_GENERATION_HEADER, Long.toString(generation));
        request.header(CONTEXT_SIGNATURE_HEADER, base64.encodeToString(
                signContext(key, algorithm, resource, connector, generation, body)));
    }

    /** The MAC of a handoff's context: the connector, the generation, then the body. */
    public static byte[] signContext(SecretKey key, String algorithm, String connector, long generation, byte[] body) {
        return signContext(key, algorithm, Resource.TASK_CONFIGURATIONS, connector, generation, body);
    }

    /** The MAC of a request's context: the resource, the connector, the generation, then the body. */
    public static byte[] signContext(SecretKey key, String algorithm, Resource resource, String connector,
            long generation, byte[] body) {
        return sign(key, algorithm, contextPayload(resource, connector, generation, body));
    }

    /**
     * Checks Fluxgate's signed context of a handoff for {@code connector} (the connector of the request's path), once
     * {@link #verify} accepted its body's signature: a context signed for another connector is refused with 403, and
     * so is a request without one when {@code required}.
     *
     * @return the generation the context names; empty for a request without one that is accepted all the same
     */
    public static OptionalLong verifyContext(RequestSignature signature, SecretKey key, String connector,
            boolean required) {
        return verifyContext(signature, key, Resource.TASK_CONFIGURATIONS, connector, required);
    }

    /** {@link #verifyContext(RequestSignature, SecretKey, String, boolean)} for a context signed for {@code resource}. */
    public static OptionalLong verifyContext(RequestSignature signature, SecretKey key, Resource resource,
            String connector, boolean required) {
        SignedContext context = signature.context();
        if (context == null) {
            if (required) {
                throw new HerderException(403, "Internal request to " + connector + " does not carry the signed "
                        + "context of its connector and configuration, which this cluster requires (a worker of "
                        + "Apache Kafka Connect? see fluxgate.inter.worker.context.required).");
            }
            return OptionalLong.empty();
        }
        byte[] expected;
        try {
            expected = signContext(key, signature.algorithm(), resource, connector, context.generation(),
                    signature.body());
        } catch (IllegalArgumentException e) {
            throw new HerderException(403, "Internal request contained invalid signature.");
        }
        if (!MessageDigest.isEqual(expected, context.signature())) {
            throw new HerderException(403, "Internal request's signed context is not for connector " + connector
                    + " and this request.");
        }
        return OptionalLong.of(context.generation());
    }

    private static byte[] contextPayload(Resource resource, String connector, long generation, byte[] body) {
        byte[] head = (resource.prefix + "\n" + connector + "\n" + generation + "\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, payload, head.length, body.length);
        return payload;
    }

    private static boolean matches(RequestSignature signature, SecretKey key) {
        try {
            return MessageDigest.isEqual(sign(key, signature.algorithm(), signature.body()), signature.signature());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
