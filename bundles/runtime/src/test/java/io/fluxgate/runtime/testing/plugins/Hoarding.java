package io.fluxgate.runtime.testing.plugins;

import java.lang.ref.WeakReference;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * Plugins that keep what they allocate, as a leaky connector does: a source task whose poll(), and a sink task whose
 * put(), allocate {@link #ARRAY_BYTES} into a field and then throw ({@code fail=error}: an {@link OutOfMemoryError},
 * {@code fail=exception}: the plugin's own exception), and a converter holding an array of its own. Each is tracked by
 * a {@link WeakReference} in {@link #TRACKED}: what is still reachable after a GC is what somebody still holds.
 */
public final class Hoarding {

    public static final int ARRAY_BYTES = 32 << 20;
    public static final List<Tracked> TRACKED = new CopyOnWriteArrayList<>();

    /** One object a plugin made, by what it is. */
    public record Tracked(String what, WeakReference<Object> ref) {
        public boolean reachable() {
            return ref.get() != null;
        }
    }

    private Hoarding() {
    }

    private static byte[] hoard(Object owner, String what) {
        return hoard(owner, what, ARRAY_BYTES);
    }

    private static byte[] hoard(Object owner, String what, int bytes) {
        byte[] array = new byte[bytes];
        TRACKED.add(new Tracked(what + " instance", new WeakReference<>(owner)));
        TRACKED.add(new Tracked(what + " array", new WeakReference<>(array)));
        return array;
    }

    private static RuntimeException fail(Map<String, String> config, String call) {
        if ("exception".equals(config.get("fail"))) {
            return new IllegalStateException("the plugin's own failure in " + call);
        }
        throw new OutOfMemoryError("hoarded in " + call);
    }

    public static class SourceConnector extends org.apache.kafka.connect.source.SourceConnector {
        private Map<String, String> config;

        @Override
        public void start(Map<String, String> props) {
            config = props;
        }

        @Override
        public Class<? extends Task> taskClass() {
            return SourceTask.class;
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
    }

    public static class SourceTask extends org.apache.kafka.connect.source.SourceTask {
        private Map<String, String> config;
        private byte[] held;

        @Override
        public void start(Map<String, String> props) {
            config = props;
        }

        @Override
        public List<SourceRecord> poll() {
            held = hoard(this, "source task");
            throw fail(config, "poll()");
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "1.0";
        }
    }

    public static class SinkConnector extends org.apache.kafka.connect.sink.SinkConnector {
        private Map<String, String> config;

        @Override
        public void start(Map<String, String> props) {
            config = props;
        }

        @Override
        public Class<? extends Task> taskClass() {
            return SinkTask.class;
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
    }

    public static class SinkTask extends org.apache.kafka.connect.sink.SinkTask {
        private Map<String, String> config;
        private byte[] held;

        @Override
        public void start(Map<String, String> props) {
            config = props;
        }

        @Override
        public void put(Collection<SinkRecord> records) {
            held = hoard(this, "sink task");
            throw fail(config, "put()");
        }

        @Override
        public void stop() {
        }

        @Override
        public String version() {
            return "1.0";
        }
    }

    /** A converter that holds an array of its own from configure() on. */
    public static class Converter extends StringConverter {
        private byte[] held;

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
            super.configure(configs, isKey);
            held = hoard(this, (isKey ? "key" : "value") + " converter", 1 << 20);
        }
    }
}
