package io.fluxgate.runtime.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest;

import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * {@code connector.client.config.override.policy}: which {@code producer.override.*}, {@code consumer.override.*}
 * and {@code admin.override.*} settings a connector may use. Kafka's built-in policies ({@code All}, {@code None},
 * {@code Principal}, {@code Allowlist} with {@code connector.client.config.override.allowlist}) are here; any other
 * name is a policy plugin loaded through the registry.
 */
public final class ClientOverridePolicy {

    public static final String ALLOWLIST_CONFIG = "connector.client.config.override.allowlist";
    private static final Set<String> PRINCIPAL_SETTINGS = Set.of(SaslConfigs.SASL_JAAS_CONFIG,
            SaslConfigs.SASL_MECHANISM, CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);

    private final String name;
    private final Set<String> allowed; // null: everything
    private final ConnectorClientConfigOverridePolicy plugin;
    private final ClassLoader pluginLoader;

    private ClientOverridePolicy(String name, Set<String> allowed, ConnectorClientConfigOverridePolicy plugin,
            ClassLoader pluginLoader) {
        this.name = name;
        this.allowed = allowed;
        this.plugin = plugin;
        this.pluginLoader = pluginLoader;
    }

    /** The policy the worker settings name; {@code workerSettings} holds the allow list for {@code Allowlist}. */
    public static ClientOverridePolicy of(String policy, Map<String, String> workerSettings, PluginRegistry registry) {
        String simple = policy.trim();
        String key = simple.toLowerCase(Locale.ROOT).replace("connectorclientconfigoverridepolicy", "");
        switch (key) {
            case "all":
                return new ClientOverridePolicy("All", null, null, null);
            case "none":
                return new ClientOverridePolicy("None", Set.of(), null, null);
            case "principal":
                return new ClientOverridePolicy("Principal", PRINCIPAL_SETTINGS, null, null);
            case "allowlist":
                String list = workerSettings.getOrDefault(ALLOWLIST_CONFIG, "");
                Set<String> names = new HashSet<>();
                for (String entry : list.split(",")) {
                    if (!entry.isBlank()) {
                        names.add(entry.trim());
                    }
                }
                return new ClientOverridePolicy("Allowlist", names, null, null);
            default:
                var pluginClass = registry.load(simple, ConnectorClientConfigOverridePolicy.class, null);
                ConnectorClientConfigOverridePolicy instance = pluginClass.newInstance();
                try (LoaderSwap swap = LoaderSwap.to(pluginClass.loader())) {
                    instance.configure(workerSettings);
                }
                return new ClientOverridePolicy(simple, null, instance, pluginClass.loader());
        }
    }

    /** One value per requested override, with an error on each the policy refuses. */
    public List<ConfigValue> validate(ConnectorClientConfigRequest request) {
        if (plugin != null) {
            try (LoaderSwap swap = LoaderSwap.to(pluginLoader)) {
                return plugin.validate(request);
            }
        }
        List<ConfigValue> values = new ArrayList<>();
        request.clientProps().forEach((setting, value) -> {
            ConfigValue configValue = new ConfigValue(setting, value, new ArrayList<>(), new ArrayList<>());
            if (allowed != null && !allowed.contains(setting)) {
                configValue.addErrorMessage("The '" + name + "' policy does not allow '" + setting
                        + "' to be overridden in the connector configuration.");
            }
            values.add(configValue);
        });
        return values;
    }
}
