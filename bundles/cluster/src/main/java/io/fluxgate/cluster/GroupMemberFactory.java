package io.fluxgate.cluster;

import java.util.Map;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/** Creates group members; a service of the cluster bundle. */
@ProviderType
public interface GroupMemberFactory {

    /**
     * A member of the group named by {@code group.id} in {@code workerConfig}, not yet joined.
     *
     * @param workerConfig   the worker's properties: {@code bootstrap.servers}, {@code group.id},
     *                       {@code heartbeat.interval.ms}, {@code session.timeout.ms}, {@code rebalance.timeout.ms},
     *                       {@code connect.protocol}, {@code scheduled.rebalance.max.delay.ms}, and the Kafka client
     *                       settings (security, timeouts), with Kafka Connect's defaults; other keys are ignored
     * @param restUrl        the worker's advertised REST URL, which the leader hands to every member
     * @param configuredWork the herder's current view of the config topic, asked for at every join and, on the leader,
     *                       again when some member has read further; it must not block
     * @param listener       told about revocations and assignments, on the polling thread
     * @throws org.apache.kafka.common.config.ConfigException for a missing or bad setting
     */
    GroupMember create(Map<String, ?> workerConfig, String restUrl, Supplier<ConfiguredWork> configuredWork,
            RebalanceListener listener);
}
