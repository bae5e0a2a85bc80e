package io.fluxgate.runtime.distributed;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.herder.RequestSignature;
import io.fluxgate.api.herder.SignedContext;

class RequestSignaturesTest {

    private final byte[] body = "[{\"task.class\":\"T\"}]".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignedBodyVerifiesWithTheSameKeyOnly() throws Exception {
        SecretKey key = KeyGenerator.getInstance("HmacSHA256").generateKey();
        byte[] mac = RequestSignatures.sign(key, "HmacSHA256", body);
        assertDoesNotThrow(() -> RequestSignatures.verify(new RequestSignature("HmacSHA256", mac, body), key,
                List.of("HmacSHA256")));

        SecretKey other = KeyGenerator.getInstance("HmacSHA256").generateKey();
        assertStatus(403, () -> RequestSignatures.verify(new RequestSignature("HmacSHA256", mac, body), other,
                List.of("HmacSHA256")));
        byte[] tampered = "[{\"task.class\":\"U\"}]".getBytes(StandardCharsets.UTF_8);
        assertStatus(403, () -> RequestSignatures.verify(new RequestSignature("HmacSHA256", mac, tampered), key,
                List.of("HmacSHA256")));
    }

    @Test
    void missingSignatureUnacceptedAlgorithmAndMissingKeyAreRefused() throws Exception {
        SecretKey key = KeyGenerator.getInstance("HmacSHA256").generateKey();
        HerderException missing = assertStatus(400, () -> RequestSignatures.verify(null, key, List.of("HmacSHA256")));
        assertEquals("Internal request missing required signature.", missing.getMessage());
        byte[] sha512 = RequestSignatures.sign(key, "HmacSHA512", body);
        HerderException refused = assertStatus(403, () -> RequestSignatures.verify(
                new RequestSignature("HmacSHA512", sha512, body), key, List.of("HmacSHA256")));
        assertEquals("Internal request contained invalid signature.", refused.getMessage());
        assertDoesNotThrow(() -> RequestSignatures.verify(new RequestSignature("HmacSHA512", sha512, body), key,
                List.of("HmacSHA256", "HmacSHA512")));
        assertStatus(403, () -> RequestSignatures.verify(new RequestSignature("NoSuchMac", sha512, body), key,
                List.of("NoSuchMac")));
        assertStatus(403, () -> RequestSignatures.verify(new RequestSignature("HmacSHA256",
                RequestSignatures.sign(key, "HmacSHA256", body), body), null, List.of("HmacSHA256")));
    }

    /** A captured request cannot be sent for another connector: the context binds it to the path's connector. */
    @Test
    void theSignedContextBindsTheRequestToItsConnector() throws Exception {
        SecretKey key = KeyGenerator.getInstance("HmacSHA256").generateKey();
        byte[] mac = RequestSignatures.sign(key, "HmacSHA256", body);
        SignedContext context = new SignedContext(42, RequestSignatures.signContext(key, "HmacSHA256", "c6", 42,
                body));
        RequestSignature signature = new RequestSignature("HmacSHA256", mac, body, context);

        assertEquals(OptionalLong.of(42), RequestSignatures.verifyContext(signature, key, "c6", true));
        HerderException elsewhere = assertStatus(403, () -> RequestSignatures.verifyContext(signature, key, "c1",
                true));
        assertEquals("Internal request's signed context is not for connector c1 and this request.", elsewhere.getMessage());
        // Another generation than the one signed: refused too.
        assertStatus(403, () -> RequestSignatures.verifyContext(new RequestSignature("HmacSHA256", mac, body,
                new SignedContext(43, context.signature())), key, "c6", true));
        // Without a context: refused when the cluster requires one, as a worker of Apache Kafka Connect sends none.
        assertStatus(403, () -> RequestSignatures.verifyContext(new RequestSignature("HmacSHA256", mac, body), key,
                "c6", true));
        assertEquals(OptionalLong.empty(), RequestSignatures.verifyContext(new RequestSignature("HmacSHA256", mac,
                body), key, "c6", false));
    }

    @Test
    void theHandOffBodyIsKafkaConnectsJson() {
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put("a", "x\"y\\z\n");
        config.put("b", null);
        assertEquals("[{\"a\":\"x\\\"y\\\\z\\n\",\"b\":null},{}]",
                TaskConfigHandoff.json(List.of(config, java.util.Map.of())));
    }

    private static HerderException assertStatus(int status, org.junit.jupiter.api.function.Executable call) {
        HerderException e = assertThrows(HerderException.class, call);
        assertEquals(status, e.status());
        return e;
    }
}
