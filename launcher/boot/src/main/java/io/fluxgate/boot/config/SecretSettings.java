package io.fluxgate.boot.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;

/**
 * Which worker settings are secrets, and the worker configuration split into what may be shown and what may not.
 *
 * <p>A setting is secret when Kafka types it {@code PASSWORD} (the worker's own keys, {@code console.password}, and
 * the clients' SSL and SASL keys, also under the {@code producer.}, {@code consumer.}, {@code admin.} and
 * {@code listeners.https.} prefixes), or when its name says so (a password, a secret, a JAAS configuration, basic
 * auth user info, credentials), which covers converters' and config providers' settings Kafka does not know.
 */
public final class SecretSettings {

    private static final List<String> PREFIXES = List.of("producer.", "consumer.", "admin.", "listeners.https.");
    private static final List<String> SECRET_WORDS = List.of("password", "secret", "jaas.config", "user.info",
            "credentials");
    private static final ConfigDef CLIENT_SECURITY = new ConfigDef().withClientSslSupport().withClientSaslSupport();
    private static final ConfigDef WORKER = WorkerConfigDef.forMode(WorkerMode.DISTRIBUTED);

    private SecretSettings() {
    }

    /** Whether {@code key}'s value must never be shown. */
    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        if (SECRET_WORDS.stream().anyMatch(lower::contains)) {
            return true;
        }
        String unprefixed = key;
        for (String prefix : PREFIXES) {
            if (unprefixed.startsWith(prefix)) {
                unprefixed = unprefixed.substring(prefix.length());
            }
        }
        return isPassword(WORKER, key)
                || isPassword(CLIENT_SECURITY, unprefixed);
    }

    /** {@code settings} with each secret value replaced by {@link WorkerSecrets#HIDDEN}. */
    public static Map<String, String> hidden(Map<String, String> settings) {
        Map<String, String> shown = new LinkedHashMap<>();
        settings.forEach((key, value) -> shown.put(key, value != null && isSecret(key) ? WorkerSecrets.HIDDEN
                : value));
        return shown;
    }

    /** The secret settings of {@code settings}, as a service that puts them back into the hidden configuration. */
    public static WorkerSecrets of(Map<String, String> settings) {
        Map<String, String> secrets = new HashMap<>();
        settings.forEach((key, value) -> {
            if (value != null && isSecret(key)) {
                secrets.put(key, value);
            }
        });
        return properties -> {
            Map<String, Object> revealed = new HashMap<>(properties);
            secrets.forEach((key, value) -> {
                if (WorkerSecrets.HIDDEN.equals(revealed.get(key))) {
                    revealed.put(key, value);
                }
            });
            return revealed;
        };
    }

    private static boolean isPassword(ConfigDef def, String key) {
        ConfigDef.ConfigKey configKey = def.configKeys().get(key);
        return configKey != null && configKey.type == ConfigDef.Type.PASSWORD;
    }
}
