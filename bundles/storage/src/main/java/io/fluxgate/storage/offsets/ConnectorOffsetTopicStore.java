package io.fluxgate.storage.offsets;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.errors.ConnectException;

import io.fluxgate.api.storage.OffsetBackingStore;
import io.fluxgate.api.storage.OffsetTopicClients;
import io.fluxgate.storage.kafka.ClientSettings;
import io.fluxgate.storage.kafka.InternalJson;
import io.fluxgate.storage.kafka.InternalTopic;
import io.fluxgate.storage.kafka.InternalTopicAdmin;
import io.fluxgate.storage.kafka.StoreContext;
import io.fluxgate.storage.kafka.TopicLog;

/**
 * A source connector's own offsets topic ({@code offsets.storage.topic}), on the connector's clients, since the topic
 * lives where the connector writes, maybe another cluster than the worker's. Its clients, admin client included, are
 * created by {@link #start()} and closed by {@link #stop()}, so that a store made for a task that never starts holds
 * nothing open.
 */
public final class ConnectorOffsetTopicStore implements OffsetBackingStore {

    private static final Duration ADMIN_CLOSE = Duration.ofSeconds(5);

    private final InternalTopic topic;
    private final OffsetTopicClients clients;
    private final StoreContext workerContext;
    private Admin admin; // guarded by this
    private volatile KafkaOffsetStore store;

    /**
     * @param topic         the connector's topic, with the settings of the worker's offsets topic to create it with
     * @param workerContext the worker's stores' timeouts and JSON, reused
     */
    public ConnectorOffsetTopicStore(InternalTopic topic, OffsetTopicClients clients, StoreContext workerContext) {
        this.topic = topic;
        this.clients = clients;
        this.workerContext = workerContext;
    }

    @Override
    public synchronized void start() {
        admin = Admin.create(clients.admin());
        StoreContext context = new StoreContext(admin, new InternalTopicAdmin(admin, workerContext.startTimeout()),
                workerContext.clients(), workerContext.json(), workerContext.writeTimeout(),
                workerContext.readTimeout(), workerContext.startTimeout());
        Map<String, Object> producer = clients.writable()
                ? ClientSettings.connectorOffsetsProducer(clients.producer()) : null;
        Map<String, Object> consumer = ClientSettings.connectorOffsetsConsumer(clients.consumer());
        KafkaOffsetStore opened = new KafkaOffsetStore(topic, context, handler -> new TopicLog(topic.name(), producer,
                consumer, admin, handler, workerContext.startTimeout()));
        try {
            opened.start();
        } catch (RuntimeException e) {
            opened.stop();
            closeAdmin();
            throw e;
        }
        store = opened;
    }

    @Override
    public synchronized void stop() {
        KafkaOffsetStore started = store;
        store = null;
        try {
            if (started != null) {
                started.stop();
            }
        } finally {
            closeAdmin();
        }
    }

    @Override
    public Map<ByteBuffer, ByteBuffer> get(Collection<ByteBuffer> keys) {
        return started().get(keys);
    }

    @Override
    public Set<ByteBuffer> keys() {
        return started().keys();
    }

    @Override
    public void set(Map<ByteBuffer, ByteBuffer> values) {
        started().set(values);
    }

    @Override
    public CompletionStage<Void> setAsync(Map<ByteBuffer, ByteBuffer> values) {
        return started().setAsync(values);
    }

    private KafkaOffsetStore started() {
        KafkaOffsetStore current = store;
        if (current == null) {
            throw new ConnectException("The offsets store of topic '" + topic.name() + "' is not started");
        }
        return current;
    }

    private void closeAdmin() {
        if (admin != null) {
            admin.close(ADMIN_CLOSE);
            admin = null;
        }
    }
}
