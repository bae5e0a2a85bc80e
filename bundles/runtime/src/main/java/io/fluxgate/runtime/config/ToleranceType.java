package io.fluxgate.runtime.config;

import java.util.Locale;

/** {@code errors.tolerance}: {@code none} fails the task on the first error, {@code all} skips failed records. */
public enum ToleranceType {
    NONE, ALL;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ToleranceType of(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
