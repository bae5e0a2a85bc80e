package io.fluxgate.runtime.task;

/** Makes sure a topic exists before a source task first writes to it (KIP-158); a no-op when creation is off. */
public interface TopicCreator extends AutoCloseable {

    TopicCreator NONE = topic -> { };

    /** Called before each send; implementations remember the topics they have checked. */
    void ensureTopic(String topic);

    @Override
    default void close() {
    }
}
