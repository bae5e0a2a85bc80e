package io.fluxgate.api.herder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The validated value of one connector setting, as Kafka Connect's {@code ConfigValueInfo}: the value as a string
 * (a password as {@code [hidden]}), the values its recommender suggests, its errors and whether it is visible given
 * the other settings.
 */
public record ConfigValueInfo(String name, String value, List<String> recommendedValues, List<String> errors,
        boolean visible) {

    public ConfigValueInfo {
        recommendedValues = copy(recommendedValues);
        errors = copy(errors);
    }

    // A recommender may suggest null; List.copyOf would refuse it.
    private static List<String> copy(List<String> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
