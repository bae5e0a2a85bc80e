package io.fluxgate.boot.logging;

/**
 * A logger's level and when it was last changed through {@link LoggerLevels#setLevel}.
 *
 * @param level the level in upper case ({@code INFO}), the effective one when the logger has none of its own
 * @param lastModified epoch milliseconds of the last change through {@link LoggerLevels}, or null if never
 */
public record LoggerLevel(String level, Long lastModified) {
}
