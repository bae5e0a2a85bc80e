package io.fluxgate.testplugins.alltypes;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

/** Answers every key with {@code constant}. Not Versioned: the jar's version stands for it. */
public class ConstantConfigProvider implements ConfigProvider {

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.of());
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> data = new HashMap<>();
        keys.forEach(key -> data.put(key, "constant"));
        return new ConfigData(data);
    }

    @Override
    public void close() {
    }
}
