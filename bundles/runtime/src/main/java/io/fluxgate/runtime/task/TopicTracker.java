package io.fluxgate.runtime.task;

/**
 * Told each topic a task produces to or consumes from (KIP-558); must be cheap, as it is called for every record of
 * a source task and every batch of a sink task.
 */
@FunctionalInterface
public interface TopicTracker {

    /** Tracks nothing: topic tracking is disabled. */
    TopicTracker NONE = topic -> { };

    void topicUsed(String topic);
}
