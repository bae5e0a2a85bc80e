package io.fluxgate.rest.admin;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.fluxgate.boot.logging.LoggerLevel;

/** Kafka Connect's {@code LoggerLevel} entity: {@code last_modified} is written, null when never changed. */
public record LoggerLevelInfo(@JsonProperty("level") String level,
        @JsonProperty("last_modified") Long lastModified) {

    static LoggerLevelInfo of(LoggerLevel level) {
        return new LoggerLevelInfo(level.level(), level.lastModified());
    }
}
