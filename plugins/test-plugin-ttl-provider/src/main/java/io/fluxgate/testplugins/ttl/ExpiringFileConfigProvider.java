package io.fluxgate.testplugins.ttl;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * {@code ${name:/path/to/file.properties:key}}: the key's value in the file, valid for {@code ttl.ms} milliseconds
 * (the provider's parameter, 1000 by default), after which the worker asks again.
 */
public class ExpiringFileConfigProvider implements ConfigProvider {

    private long ttlMs = 1000;

    @Override
    public void configure(Map<String, ?> configs) {
        Object ttl = configs.get("ttl.ms");
        if (ttl != null) {
            ttlMs = Long.parseLong(ttl.toString());
        }
    }

    @Override
    public ConfigData get(String path) {
        return new ConfigData(read(path), ttlMs);
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> all = read(path);
        Map<String, String> wanted = new HashMap<>();
        for (String key : keys) {
            if (all.containsKey(key)) {
                wanted.put(key, all.get(key));
            }
        }
        return new ConfigData(wanted, ttlMs);
    }

    private static Map<String, String> read(String path) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(path))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("Cannot read " + path + ": " + e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }

    @Override
    public void close() {
    }
}
