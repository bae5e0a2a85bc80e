package io.fluxgate.rest.entities;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.fluxgate.api.herder.ConfigInfo;
import io.fluxgate.api.herder.ConfigInfos;
import io.fluxgate.api.herder.ConfigKeyInfo;
import io.fluxgate.api.herder.ConfigValueInfo;
import io.fluxgate.api.plugins.PluginDescriptor;

/**
 * The JSON shapes of {@code /connector-plugins}: Kafka Connect's {@code PluginInfo}, {@code ConfigInfos},
 * {@code ConfigInfo}, {@code ConfigKeyInfo} and {@code ConfigValueInfo}, field for field and in Kafka's order.
 */
public final class PluginEntities {

    /** Kafka's version of a plugin that does not say it; not written, as Kafka's {@code NoVersionFilter} does. */
    private static final String UNDEFINED_VERSION = "undefined";

    private PluginEntities() {
    }

    /** {@code {"class","type","version"}}, {@code version} only when known. */
    public record PluginInfo(@JsonProperty("class") String className, @JsonProperty("type") String type,
            @JsonProperty("version") @JsonInclude(JsonInclude.Include.NON_NULL) String version) {
        public static PluginInfo of(PluginDescriptor plugin) {
            return new PluginInfo(plugin.className(), plugin.type().restName(),
                    UNDEFINED_VERSION.equals(plugin.version()) ? null : plugin.version());
        }
    }

    /**
     * A setting's definition. Kafka 4.2+ writes the order as {@code order_in_group}; Fluxgate writes {@code order}, the
     * older name that the API documents and clients have read since KIP-769.
     */
    public record KeyInfo(@JsonProperty("name") String name, @JsonProperty("type") String type,
            @JsonProperty("required") boolean required, @JsonProperty("default_value") String defaultValue,
            @JsonProperty("importance") String importance, @JsonProperty("documentation") String documentation,
            @JsonProperty("group") String group, @JsonProperty("order_in_group") int order,
            @JsonProperty("width") String width, @JsonProperty("display_name") String displayName,
            @JsonProperty("dependents") List<String> dependents) {
        public static KeyInfo of(ConfigKeyInfo key) {
            return key == null ? null : new KeyInfo(key.name(), key.type(), key.required(), key.defaultValue(),
                    key.importance(), key.documentation(), key.group(), key.orderInGroup(), key.width(),
                    key.displayName(), key.dependents());
        }
    }

    /** A setting's validated value. */
    public record ValueInfo(@JsonProperty("name") String name, @JsonProperty("value") String value,
            @JsonProperty("recommended_values") List<String> recommendedValues,
            @JsonProperty("errors") List<String> errors, @JsonProperty("visible") boolean visible) {
        static ValueInfo of(ConfigValueInfo value) {
            return value == null ? null : new ValueInfo(value.name(), value.value(), value.recommendedValues(),
                    value.errors(), value.visible());
        }
    }

    /** {@code {"definition","value"}}, either of which may be null. */
    public record Config(@JsonProperty("definition") KeyInfo definition, @JsonProperty("value") ValueInfo value) {
        static Config of(ConfigInfo config) {
            return new Config(KeyInfo.of(config.definition()), ValueInfo.of(config.value()));
        }
    }

    /** {@code {"name","error_count","groups","configs"}}. */
    public record Validation(@JsonProperty("name") String name, @JsonProperty("error_count") int errorCount,
            @JsonProperty("groups") List<String> groups, @JsonProperty("configs") List<Config> configs) {
        public static Validation of(ConfigInfos infos) {
            return new Validation(infos.name(), infos.errorCount(), infos.groups(),
                    infos.configs().stream().map(Config::of).toList());
        }
    }
}
