package io.fluxgate.runtime.testing.plugins;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * A sink that records the values it is given, per connector name, and exercises its context as {@code mode} says:
 * {@code rewind} rewinds to offset 2 when its partitions are opened, {@code retry} refuses its first batch with a
 * {@link RetriableException}, {@code report} reports every value starting with "bad" as errant, {@code no-commit}
 * opts out of offset commits, {@code hang-put} hangs in its first put of records until {@link #RELEASE} (as a sink
 * blocked on its database), {@code refuse-until-released} refuses every batch with a {@link RetriableException}
 * until {@link #RELEASE} (as a sink whose database is down).
 */
public class RecordingSinkConnector extends SinkConnector {

    public static final Map<String, Queue<String>> RECEIVED = new ConcurrentHashMap<>();
    public static volatile CountDownLatch RELEASE = new CountDownLatch(1);

    private Map<String, String> config;

    public static Queue<String> received(String connector) {
        return RECEIVED.computeIfAbsent(connector, c -> new ConcurrentLinkedQueue<>());
    }

    @Override
    public void start(Map<String, String> props) {
        config = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return RecordingSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of(config);
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "1.0";
    }

    public static class RecordingSinkTask extends SinkTask {
        private String name;
        private String mode;
        private boolean rewound;
        private boolean refused;

        @Override
        public void start(Map<String, String> props) {
            name = props.get("name");
            mode = props.getOrDefault("mode", "record");
        }

        @Override
        public void open(Collection<TopicPartition> partitions) {
            if ("rewind".equals(mode) && !rewound) {
                partitions.forEach(tp -> context.offset(tp, 2));
                rewound = true;
            }
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            if ("hang-put".equals(mode) && !records.isEmpty()) {
                try {
                    RELEASE.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if ("refuse-until-released".equals(mode) && !records.isEmpty() && RELEASE.getCount() > 0) {
                context.timeout(100);
                throw new RetriableException("the database is down");
            }
            if ("retry".equals(mode) && !refused && !records.isEmpty()) {
                refused = true;
                context.timeout(100);
                throw new RetriableException("not now");
            }
            for (SinkRecord record : records) {
                String value = String.valueOf(record.value());
                if ("report".equals(mode) && value.startsWith("bad")) {
                    context.errantRecordReporter().report(record, new IllegalArgumentException("bad value " + value));
                } else {
                    received(name).add(value);
                }
            }
        }

        @Override
        public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
            return "no-commit".equals(mode) ? Map.of() : super.preCommit(offsets);
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "1.0";
        }
    }
}
