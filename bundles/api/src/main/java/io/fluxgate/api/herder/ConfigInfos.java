package io.fluxgate.api.herder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The result of validating a connector configuration, as {@code PUT /connector-plugins/{p}/config/validate} answers
 * it: the connector class as given, the number of errors, the groups of settings in order, and each setting.
 */
public record ConfigInfos(String name, int errorCount, List<String> groups, List<ConfigInfo> configs) {

    public ConfigInfos {
        groups = List.copyOf(groups);
        configs = Collections.unmodifiableList(new ArrayList<>(configs));
    }

    /** Every error message, in the order of the settings. */
    public List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (ConfigInfo config : configs) {
            if (config.value() != null) {
                errors.addAll(config.value().errors());
            }
        }
        return errors;
    }
}
