package io.fluxgate.cluster.membership;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.common.utils.Time;
import org.osgi.service.component.annotations.Component;

import io.fluxgate.cluster.ConfiguredWork;
import io.fluxgate.cluster.GroupMember;
import io.fluxgate.cluster.GroupMemberFactory;
import io.fluxgate.cluster.RebalanceListener;

/** The {@link GroupMemberFactory} service: members on Kafka's group coordinator. */
@Component(service = GroupMemberFactory.class)
public final class KafkaGroupMemberFactory implements GroupMemberFactory {

    @Override
    public GroupMember create(Map<String, ?> workerConfig, String restUrl, Supplier<ConfiguredWork> configuredWork,
            RebalanceListener listener) {
        return KafkaGroupMember.create(workerConfig, restUrl, configuredWork, listener, Time.SYSTEM);
    }
}
