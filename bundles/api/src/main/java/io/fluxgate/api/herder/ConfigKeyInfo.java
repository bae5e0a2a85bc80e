package io.fluxgate.api.herder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The definition of one connector setting, as Kafka Connect's {@code ConfigKeyInfo} renders a {@code ConfigDef} key:
 * the type and importance by their enum names, the default value as a string (null when the setting is required or
 * its default is null).
 *
 * @param orderInGroup the key's order within its group ({@code -1} when not given)
 */
public record ConfigKeyInfo(String name, String type, boolean required, String defaultValue, String importance,
        String documentation, String group, int orderInGroup, String width, String displayName,
        List<String> dependents) {

    public ConfigKeyInfo {
        dependents = dependents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dependents));
    }
}
