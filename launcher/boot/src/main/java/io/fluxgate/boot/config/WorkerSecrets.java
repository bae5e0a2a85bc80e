package io.fluxgate.boot.config;

import java.util.HashMap;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The worker's secret settings, kept out of Configuration Admin. The launcher publishes the worker configuration
 * ({@value WorkerConfigKeys#PID}) with every secret value replaced by {@link #HIDDEN}, so that whatever shows or
 * stores configurations (the Web Console's configuration, services and components pages, ConfigAdmin's files,
 * component and service properties) never holds them; it registers this service, in the system bundle's context,
 * before the platform starts, and the components that use the secrets (the Kafka clients, the REST server's TLS) put
 * them back with {@link #reveal}. Which keys are secret is {@link SecretSettings#isSecret}'s rule.
 */
@ProviderType
public interface WorkerSecrets {

    /** What a secret's value reads in Configuration Admin; Kafka's own word for a hidden password. */
    String HIDDEN = "[hidden]";

    /** {@code properties} with each hidden secret put back; the same values otherwise. */
    Map<String, Object> reveal(Map<String, ?> properties);

    /**
     * {@code properties} revealed by {@code secrets}, or as they are without the service (a framework started without
     * the launcher, such as the in-framework tests, publishes the configuration as it is).
     */
    static Map<String, Object> reveal(WorkerSecrets secrets, Map<String, ?> properties) {
        return secrets == null ? new HashMap<>(properties) : secrets.reveal(properties);
    }
}
