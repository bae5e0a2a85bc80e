package io.fluxgate.api.herder;

/**
 * One setting in a validation result: its definition (null for a value no definition covers) and its validated value
 * (null for a definition the configuration was not checked against).
 */
public record ConfigInfo(ConfigKeyInfo definition, ConfigValueInfo value) {
}
