package io.fluxgate.runtime.worker;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fluxgate.runtime.task.TopicTracker;

/**
 * The topics each connector's tasks have used since the connector was created or its topics were reset (KIP-558:
 * {@code GET /connectors/{c}/topics}). A task records a topic at the cost of one lookup in a concurrent set; a reset
 * empties the set, so that the next use records the topic again.
 */
public final class ActiveTopics {

    private final boolean enabled;
    private final boolean resettable;
    private final Map<String, Set<String>> byConnector = new ConcurrentHashMap<>();

    /** The worker's {@code topic.tracking.enable} and {@code topic.tracking.allow.reset}. */
    public ActiveTopics(boolean enabled, boolean resettable) {
        this.enabled = enabled;
        this.resettable = resettable;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether users may reset a connector's topics. */
    public boolean resettable() {
        return resettable;
    }

    /** What a task of {@code connector} reports its topics to. */
    public TopicTracker tracker(String connector) {
        if (!enabled) {
            return TopicTracker.NONE;
        }
        Set<String> topics = topicsOf(connector);
        return topic -> {
            if (!topics.contains(topic)) {
                topics.add(topic);
            }
        };
    }

    /** In name order; empty for a connector that used none, or is unknown. */
    public List<String> topics(String connector) {
        Set<String> topics = byConnector.get(connector);
        return topics == null ? List.of() : topics.stream().sorted().toList();
    }

    /** Forgets the topics; the connector's running tasks record those they use next again. */
    public void reset(String connector) {
        Set<String> topics = byConnector.get(connector);
        if (topics != null) {
            topics.clear();
        }
    }

    /** Forgets the connector: a connector created again with its name starts with no topics. */
    public void remove(String connector) {
        byConnector.remove(connector);
    }

    private Set<String> topicsOf(String connector) {
        return byConnector.computeIfAbsent(connector, name -> ConcurrentHashMap.newKeySet());
    }
}
