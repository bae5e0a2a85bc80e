package io.fluxgate.runtime.testing.plugins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/**
 * A source whose behaviour the test picks: {@code mode=count} emits numbered records to {@code topic},
 * {@code mode=fail-poll} throws from poll, {@code mode=fail-start} throws from the connector's start,
 * {@code mode=hang-stop} emits nothing and hangs in stop until {@link #RELEASE} is counted down, {@code mode=idle}
 * emits nothing, {@code mode=hang-task-configs} hangs in the connector's taskConfigs until {@link #RELEASE}, swallowing
 * interrupts, {@code mode=hang-validate} hangs likewise in the connector's validate, {@code mode=oom-poll} and
 * {@code mode=stack-overflow-poll} throw those errors from poll, {@code mode=hang-poll} hangs in its first poll until
 * {@link #RELEASE} (as a source blocked on its external system), then emits nothing; {@code mode=hang-task-start}
 * hangs likewise in the task's start(), then emits nothing.
 */
public class TestSourceConnector extends SourceConnector {

    public static volatile CountDownLatch RELEASE = new CountDownLatch(1);
    /** While set, every instance's config() hangs until {@link #RELEASE}, swallowing interrupts (it has no mode). */
    public static volatile boolean HANG_IN_CONFIG;

    private Map<String, String> config;

    @Override
    public void start(Map<String, String> props) {
        if ("fail-start".equals(props.get("mode"))) {
            throw new IllegalStateException("boom at connector start");
        }
        this.config = props;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TestSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if ("hang-task-configs".equals(config.get("mode"))) {
            awaitReleaseSwallowingInterrupts();
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            configs.add(Map.copyOf(config));
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    /** As a hostile plugin does: an interrupt does not end the wait, only {@link #RELEASE} (or a minute). */
    private static void awaitReleaseSwallowingInterrupts() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (RELEASE.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                RELEASE.await(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException swallowed) {
                // hostile on purpose
            }
        }
    }

    @Override
    public Config validate(Map<String, String> props) {
        if ("hang-validate".equals(props.get("mode"))) {
            awaitReleaseSwallowingInterrupts();
        }
        return super.validate(props);
    }

    @Override
    public ConfigDef config() {
        if (HANG_IN_CONFIG) {
            awaitReleaseSwallowingInterrupts();
        }
        return new ConfigDef().define("mode", ConfigDef.Type.STRING, "count", ConfigDef.Importance.HIGH, "what to do");
    }

    @Override
    public String version() {
        return "1.0";
    }

    public static class TestSourceTask extends SourceTask {
        private String mode;
        private String topic;
        private long next;

        @Override
        public void start(Map<String, String> props) {
            mode = props.getOrDefault("mode", "count");
            topic = props.getOrDefault("topic", "test-source");
            Map<String, Object> offset = context.offsetStorageReader().offset(Map.of("source", "test"));
            next = offset == null ? 0 : (Long) offset.get("next");
            if ("hang-task-start".equals(mode)) {
                try {
                    RELEASE.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                mode = "idle";
            }
        }

        @Override
        public List<SourceRecord> poll() throws InterruptedException {
            switch (mode) {
                case "fail-poll" -> throw new IllegalStateException("boom in poll");
                case "oom-poll" -> throw new OutOfMemoryError("test: Java heap space in poll");
                case "stack-overflow-poll" -> throw new StackOverflowError("test: stack overflow in poll");
                case "hang-poll" -> {
                    RELEASE.await(60, TimeUnit.SECONDS);
                    mode = "idle";
                    return null;
                }
                case "hang-stop", "idle" -> {
                    Thread.sleep(50);
                    return null;
                }
                default -> {
                    Thread.sleep(10);
                    List<SourceRecord> records = new ArrayList<>();
                    for (int i = 0; i < 10; i++, next++) {
                        records.add(new SourceRecord(Map.of("source", "test"), Map.of("next", next + 1), topic,
                                Schema.STRING_SCHEMA, "value-" + next));
                    }
                    return records;
                }
            }
        }

        @Override
        public void stop() {
            if ("hang-stop".equals(mode)) {
                try {
                    RELEASE.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public String version() {
            return "1.0";
        }
    }
}
