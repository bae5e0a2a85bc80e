package io.fluxgate.runtime.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigValue;

import io.fluxgate.api.herder.ConfigInfo;
import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConfigValueInfo;

/**
 * Turns {@code ConfigDef} keys and validated values into the REST API's validation results, as Kafka Connect's
 * {@code AbstractHerder} does ({@code generateResult}, {@code prefixedConfigInfos}, {@code mergeConfigInfos},
 * {@code convertConfigKey}, {@code convertConfigValue}), including its counting: one per error message for the
 * connector's settings, one per failing setting for converters and client overrides. Values are rendered through
 * their type, so a password reads {@code [hidden]}.
 */
final class ConfigResults {

    private ConfigResults() {
    }

    /** Every key in order, each with its value if validated; values of undefined keys first, without definition. */
    static ConfigInfos generate(String connectorClass, Map<String, ConfigKey> keys, List<ConfigValue> values,
            List<String> groups) {
        int errorCount = 0;
        List<ConfigInfo> infos = new ArrayList<>();
        Map<String, ConfigValue> byName = new HashMap<>();
        for (ConfigValue value : values) {
            byName.put(value.name(), value);
            if (!keys.containsKey(value.name())) {
                infos.add(new ConfigInfo(null, value(value, null)));
                errorCount += value.errorMessages().size();
            }
        }
        for (Map.Entry<String, ConfigKey> entry : keys.entrySet()) {
            ConfigValue value = byName.get(entry.getKey());
            ConfigValueInfo valueInfo = null;
            if (value != null) {
                valueInfo = value(value, entry.getValue().type);
                errorCount += value.errorMessages().size();
            }
            infos.add(new ConfigInfo(key(entry.getValue(), ""), valueInfo));
        }
        return new ConfigInfos(connectorClass, errorCount, groups, infos);
    }

    /** The values of a plugin configured under {@code prefix} (a converter, a client): one error per failing value. */
    static ConfigInfos prefixed(Map<String, ConfigKey> keys, List<ConfigValue> values, String prefix) {
        int errorCount = 0;
        Set<String> groups = new LinkedHashSet<>();
        List<ConfigInfo> infos = new ArrayList<>();
        if (values == null) {
            return new ConfigInfos("", 0, List.of(), infos);
        }
        for (ConfigValue validated : values) {
            ConfigKey key = keys.get(validated.name());
            ConfigKeyInfo keyInfo = null;
            if (key != null) {
                if (key.group != null) {
                    groups.add(key.group);
                }
                keyInfo = key(key, prefix);
            }
            ConfigValue value = new ConfigValue(prefix + validated.name(), validated.value(),
                    validated.recommendedValues(), validated.errorMessages());
            if (!value.errorMessages().isEmpty()) {
                errorCount++;
            }
            infos.add(new ConfigInfo(keyInfo, value(value, key != null ? key.type : null)));
        }
        return new ConfigInfos("", errorCount, new ArrayList<>(groups), infos);
    }

    /** The parts in order; null parts (nothing was validated) are skipped. */
    static ConfigInfos merge(String connectorClass, ConfigInfos... parts) {
        int errorCount = 0;
        List<ConfigInfo> infos = new ArrayList<>();
        Set<String> groups = new LinkedHashSet<>();
        for (ConfigInfos part : parts) {
            if (part != null) {
                errorCount += part.errorCount();
                infos.addAll(part.configs());
                groups.addAll(part.groups());
            }
        }
        return new ConfigInfos(connectorClass, errorCount, new ArrayList<>(groups), infos);
    }

    static ConfigKeyInfo key(ConfigKey key, String prefix) {
        boolean required = ConfigDef.NO_DEFAULT_VALUE.equals(key.defaultValue);
        String defaultValue = required ? null : ConfigDef.convertToString(key.defaultValue, key.type);
        return new ConfigKeyInfo(prefix + key.name, key.type.name(), required, defaultValue, key.importance.name(),
                key.documentation, key.group, key.orderInGroup, key.width.name(), key.displayName, key.dependents);
    }

    static ConfigValueInfo value(ConfigValue value, Type type) {
        List<String> recommended = new ArrayList<>();
        Type recommendedType = type == Type.LIST ? Type.STRING : type;
        for (Object recommendation : value.recommendedValues()) {
            recommended.add(ConfigDef.convertToString(recommendation, recommendedType));
        }
        return new ConfigValueInfo(value.name(), ConfigDef.convertToString(value.value(), type), recommended,
                value.errorMessages(), value.visible());
    }
}
