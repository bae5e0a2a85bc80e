package io.fluxgate.storage.kafka;

import java.time.Duration;

import org.apache.kafka.clients.admin.Admin;

/**
 * What the three stores of a worker share: the admin client, the topic checks, the client settings, and how long
 * they wait for Kafka.
 *
 * @param writeTimeout how long a store write may wait for its acknowledgement and its reading back (Kafka Connect's
 *                     {@code READ_WRITE_TOTAL_TIMEOUT_MS}, 30 s)
 * @param readTimeout  how long reading to the end may take when a caller needs fresh data (an offset lookup)
 * @param startTimeout how long starting retries a cluster that does not answer ({@code default.api.timeout.ms})
 */
public record StoreContext(Admin admin, InternalTopicAdmin topics, ClientSettings clients, InternalJson json,
        Duration writeTimeout, Duration readTimeout, Duration startTimeout) {

    /**
     * A log of {@code topic}, not started.
     *
     * @param purpose       {@code configs}, {@code offsets} or {@code statuses}: the clients' id suffix
     * @param retryHere     see {@link ClientSettings#producer(String, boolean)}
     * @param readCommitted see {@link ClientSettings#consumer(String, boolean)}
     */
    public TopicLog log(InternalTopic topic, String purpose, boolean retryHere, boolean readCommitted,
            TopicLog.RecordHandler handler) {
        return new TopicLog(topic.name(), clients.producer(purpose, retryHere), clients.consumer(purpose,
                readCommitted), admin, handler, startTimeout);
    }
}
