package io.fluxgate.boot.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretSettingsTest {

    @Test
    void passwordTypedAndSecretNamedKeysAreSecret() {
        for (String key : new String[] {"console.password", "ssl.key.password", "ssl.keystore.password",
                "listeners.https.ssl.truststore.password", "producer.sasl.jaas.config", "consumer.ssl.keystore.key",
                "admin.sasl.jaas.config", "sasl.jaas.config", "value.converter.basic.auth.user.info",
                "config.providers.vault.param.secret.id"}) {
            assertTrue(SecretSettings.isSecret(key), key);
        }
        for (String key : new String[] {"console.username", "bootstrap.servers", "ssl.keystore.location",
                "producer.ssl.truststore.location", "listeners", "config.providers"}) {
            assertFalse(SecretSettings.isSecret(key), key);
        }
    }

    @Test
    void hiddenValuesComeBackOnlyThroughTheSecrets() {
        Map<String, String> settings = Map.of("console.password", "s3cret", "producer.sasl.jaas.config", "jaas",
                "bootstrap.servers", "b:9092");
        Map<String, String> shown = SecretSettings.hidden(settings);
        assertEquals(WorkerSecrets.HIDDEN, shown.get("console.password"));
        assertEquals(WorkerSecrets.HIDDEN, shown.get("producer.sasl.jaas.config"));
        assertEquals("b:9092", shown.get("bootstrap.servers"));

        Map<String, Object> revealed = SecretSettings.of(settings).reveal(shown);
        assertEquals("s3cret", revealed.get("console.password"));
        assertEquals("jaas", revealed.get("producer.sasl.jaas.config"));
        assertEquals(Map.copyOf(settings), Map.copyOf(revealed));
        // Without the launcher's service the configuration is taken as it is.
        assertEquals("x", WorkerSecrets.reveal(null, Map.of("console.password", "x")).get("console.password"));
    }
}
