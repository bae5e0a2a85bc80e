package io.fluxgate.runtime.distributed;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * The settings of Kafka Connect's {@code DistributedConfig} that the distributed herder reads itself (the group's are
 * the cluster bundle's, the topics' the storage bundle's), with Kafka Connect's defaults.
 *
 * @param workerSyncTimeoutMs       {@code worker.sync.timeout.ms}: how long to wait to catch up on the config topic
 * @param keyGenerationAlgorithm    {@code inter.worker.key.generation.algorithm}
 * @param keyTtlMs                  {@code inter.worker.key.ttl.ms}: the leader rotates the session key this often
 * @param signatureAlgorithm        {@code inter.worker.signature.algorithm}: how this worker signs requests
 * @param verificationAlgorithms    {@code inter.worker.verification.algorithms}: the signatures this worker accepts
 * @param contextRequired           {@code fluxgate.inter.worker.context.required}: task configurations handed over
 *                                  without Fluxgate's signed context are refused
 * @param exactlyOnceSource         {@code exactly.once.source.support=enabled}: source tasks write in transactions and
 *                                  wait for the leader's zombie fencing (KIP-618)
 */
public record DistributedSettings(long workerSyncTimeoutMs, String keyGenerationAlgorithm, long keyTtlMs,
        String signatureAlgorithm, List<String> verificationAlgorithms, boolean contextRequired,
        boolean exactlyOnceSource) {

    public static final String WORKER_SYNC_TIMEOUT_MS = "worker.sync.timeout.ms";
    public static final String KEY_GENERATION_ALGORITHM = "inter.worker.key.generation.algorithm";
    public static final String KEY_TTL_MS = "inter.worker.key.ttl.ms";
    public static final String SIGNATURE_ALGORITHM = "inter.worker.signature.algorithm";
    public static final String VERIFICATION_ALGORITHMS = "inter.worker.verification.algorithms";
    static final String DEFAULT_ALGORITHM = "HmacSHA256";

    public DistributedSettings {
        verificationAlgorithms = List.copyOf(verificationAlgorithms);
    }

    public static DistributedSettings of(Map<String, String> settings) {
        return new DistributedSettings(
                Long.parseLong(settings.getOrDefault(WORKER_SYNC_TIMEOUT_MS, "3000").trim()),
                settings.getOrDefault(KEY_GENERATION_ALGORITHM, DEFAULT_ALGORITHM).trim(),
                Long.parseLong(settings.getOrDefault(KEY_TTL_MS, "3600000").trim()),
                settings.getOrDefault(SIGNATURE_ALGORITHM, DEFAULT_ALGORITHM).trim(),
                Arrays.stream(settings.getOrDefault(VERIFICATION_ALGORITHMS, DEFAULT_ALGORITHM).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).toList(),
                Boolean.parseBoolean(settings.getOrDefault(WorkerConfigKeys.INTER_WORKER_CONTEXT_REQUIRED, "true")
                        .trim()),
                "enabled".equalsIgnoreCase(settings.getOrDefault(WorkerConfigKeys.EXACTLY_ONCE_SOURCE_SUPPORT,
                        "disabled").trim()));
    }
}
