package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;

import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.ConfigTransformerResult;
import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * Resolves config-provider placeholders ({@code ${provider:path:key}}, KIP-297) in connector and task configurations,
 * with the providers the worker's {@code config.providers} names: {@code config.providers.<name>.class} (Kafka's
 * {@code FileConfigProvider}, {@code DirectoryConfigProvider}, {@code EnvVarConfigProvider}, or any provider plugin
 * installed, by class name or alias) configured with {@code config.providers.<name>.param.*}.
 *
 * <p>Configurations are stored and shown with their placeholders; only the worker resolves them, when it starts a
 * connector or a task, validates, or changes offsets, so that secrets never leave the process. A provider is created
 * the first time a configuration uses it: a provider plugin deployed after the worker started is found then.
 */
public final class WorkerConfigTransformer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerConfigTransformer.class);
    static final String CONFIG_PROVIDERS = "config.providers";

    private final PluginRegistry registry;
    /** Name to class, as the worker settings give them. */
    private final Map<String, String> classes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> params = new HashMap<>();
    private final Map<String, ConfigProvider> providers = new ConcurrentHashMap<>();

    public WorkerConfigTransformer(Map<String, String> workerSettings, PluginRegistry registry) {
        this.registry = registry;
        String names = workerSettings.getOrDefault(CONFIG_PROVIDERS, "");
        for (String entry : names.split(",")) {
            String name = entry.trim();
            if (name.isEmpty()) {
                continue;
            }
            String prefix = CONFIG_PROVIDERS + "." + name + ".";
            String className = workerSettings.get(prefix + "class");
            if (className == null || className.isBlank()) {
                LOG.warn("Config provider {} is listed in {} but {}class is not set: ignored", name, CONFIG_PROVIDERS,
                        prefix);
                continue;
            }
            classes.put(name, className.trim());
            params.put(name, Utils.entriesWithPrefix(workerSettings, prefix + "param."));
        }
    }

    /** The configuration with its placeholders resolved and when their values expire (by provider path, in ms). */
    public record Resolved(Map<String, String> data, Map<String, Long> ttls) {
    }

    /** The configuration with its placeholders resolved; the same map when it has none. */
    public Map<String, String> transform(Map<String, String> config) {
        return resolve(config).data();
    }

    /** The configuration with its placeholders resolved, and the times to live the providers gave their values. */
    public Resolved resolve(Map<String, String> config) {
        if (classes.isEmpty() || config.values().stream().noneMatch(WorkerConfigTransformer::hasVariable)) {
            return new Resolved(config, Map.of());
        }
        Map<String, ConfigProvider> used = new HashMap<>();
        for (String name : referencedProviders(config)) {
            if (classes.containsKey(name)) {
                used.put(name, provider(name));
            }
        }
        if (used.isEmpty()) {
            return new Resolved(config, Map.of());
        }
        // Null values are "remove this key" requests that validation reports; ConfigTransformer cannot read them.
        Map<String, String> present = new HashMap<>();
        config.forEach((key, value) -> {
            if (value != null) {
                present.put(key, value);
            }
        });
        Map<String, String> resolved = new HashMap<>(config);
        ConfigTransformerResult result = new ConfigTransformer(used).transform(present);
        resolved.putAll(result.data());
        return new Resolved(resolved, Map.copyOf(result.ttls()));
    }

    /**
     * Task configurations as they are stored: wherever the connector's own configuration has a placeholder, the task
     * configuration's value of the same key is put back to that placeholder (Kafka's {@code reverseTransform}), so
     * that resolved secrets are never shown by {@code GET /connectors/{c}/tasks}.
     */
    public static List<Map<String, String>> reverseTransform(Map<String, String> rawConnectorConfig,
            List<Map<String, String>> taskConfigs) {
        Set<String> keysWithVariables = new HashSet<>();
        rawConnectorConfig.forEach((key, value) -> {
            if (hasVariable(value)) {
                keysWithVariables.add(key);
            }
        });
        List<Map<String, String>> result = new ArrayList<>();
        for (Map<String, String> taskConfig : taskConfigs) {
            Map<String, String> restored = new HashMap<>(taskConfig);
            for (String key : keysWithVariables) {
                if (restored.containsKey(key)) {
                    restored.put(key, rawConnectorConfig.get(key));
                }
            }
            result.add(restored);
        }
        return result;
    }

    @Override
    public void close() {
        providers.forEach((name, provider) -> Utils.closeQuietly(provider, "config provider " + name));
        providers.clear();
    }

    private ConfigProvider provider(String name) {
        return providers.computeIfAbsent(name, key -> {
            String className = classes.get(key);
            try {
                PluginClass<ConfigProvider> plugin = registry.load(className, ConfigProvider.class, null);
                ConfigProvider provider = plugin.newInstance();
                try (LoaderSwap swap = LoaderSwap.to(plugin.loader())) {
                    provider.configure(params.get(key));
                }
                LOG.info("Config provider {} ({}) is ready", key, plugin.type().getName());
                return provider;
            } catch (RuntimeException e) {
                throw new ConnectException("Config provider " + key + " (" + className + ") cannot be loaded: "
                        + e.getMessage(), e);
            }
        });
    }

    private static Set<String> referencedProviders(Map<String, String> config) {
        Set<String> names = new HashSet<>();
        for (String value : config.values()) {
            if (value == null) {
                continue;
            }
            Matcher matcher = ConfigTransformer.DEFAULT_PATTERN.matcher(value);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    private static boolean hasVariable(String value) {
        return value != null && ConfigTransformer.DEFAULT_PATTERN.matcher(value).find();
    }
}
