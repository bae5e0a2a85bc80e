package io.fluxgate.testplugins.scanned;

import java.util.Map;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.storage.Converter;

/** Classes a scan must pass over, each for its own reason. */
public final class NotPlugins {

    private NotPlugins() {
    }

    /** Abstract: not concrete. */
    public abstract static class AbstractConverter implements Converter {
    }

    /** Not public. */
    static class HiddenConverter extends AbstractConverter {

        @Override
        public void configure(Map<String, ?> configs, boolean isKey) {
        }

        @Override
        public byte[] fromConnectData(String topic, Schema schema, Object value) {
            return null;
        }

        @Override
        public SchemaAndValue toConnectData(String topic, byte[] value) {
            return SchemaAndValue.NULL;
        }
    }

    /** A config provider without its manifest: Kafka only finds those through the manifest. */
    public static class UndeclaredConfigProvider implements ConfigProvider {

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public ConfigData get(String path) {
            return new ConfigData(Map.of());
        }

        @Override
        public ConfigData get(String path, java.util.Set<String> keys) {
            return new ConfigData(Map.of());
        }

        @Override
        public void close() {
        }
    }
}
