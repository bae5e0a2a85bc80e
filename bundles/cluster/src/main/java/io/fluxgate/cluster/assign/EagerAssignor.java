package io.fluxgate.cluster.assign;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.fluxgate.cluster.ConfiguredWork;

/**
 * The eager protocol's assignor (Kafka Connect's {@code EagerAssignor}): every rebalance revokes everything, then deals
 * all connectors, then all tasks, round-robin over the members sorted by id. Connectors and tasks are dealt from one
 * cycle so that, with one task per connector, connectors and tasks do not pile up on alternate workers.
 */
public final class EagerAssignor {

    private EagerAssignor() {
    }

    /** What each member runs, by member id; every member has an entry. */
    public static Map<String, Work> assign(ConfiguredWork configured, Collection<String> members) {
        List<String> sorted = members.stream().sorted().toList();
        Map<String, Work> result = new HashMap<>();
        sorted.forEach(member -> result.put(member, Work.empty()));
        int next = 0;
        for (String connector : configured.connectors()) {
            result.get(sorted.get(next++ % sorted.size())).connectors().add(connector);
        }
        for (String connector : configured.connectors()) {
            for (var task : configured.tasks(connector)) {
                result.get(sorted.get(next++ % sorted.size())).tasks().add(task);
            }
        }
        return result;
    }
}
