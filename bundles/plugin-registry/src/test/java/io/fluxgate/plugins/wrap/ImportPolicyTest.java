package io.fluxgate.plugins.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

/** Kafka's and slf4j's packages from the platform, the plugin's own private, the rest optional. */
class ImportPolicyTest {

    private static final Set<String> PLATFORM = Set.of("org.apache.kafka.connect.source", "org.slf4j",
            "org.apache.kafka.connect.transforms", "javax.net.ssl");

    @Test
    void usedPlatformPackagesAreRequiredTheRestOptional() {
        assertEquals("com.fasterxml.jackson.databind;resolution:=optional,javax.net.ssl,"
                + "org.apache.kafka.connect.runtime;resolution:=optional,org.apache.kafka.connect.source,org.slf4j",
                ImportPolicy.importPackage(Set.of("org.apache.kafka.connect.source", "org.slf4j", "javax.net.ssl",
                        "com.fasterxml.jackson.databind", "org.apache.kafka.connect.runtime"), Set.of(), PLATFORM));
    }

    @Test
    void ownPackagesStayPrivateButKafkaAndSlf4jCopiesYieldToThePlatform() {
        assertEquals("org.apache.kafka.connect.transforms,org.slf4j",
                ImportPolicy.importPackage(Set.of(), Set.of("com.example.connector", "org.apache.kafka.connect.file",
                        "org.apache.kafka.connect.transforms", "org.slf4j", "javax.net.ssl"), PLATFORM));
    }

    @Test
    void nothingUsedNothingImported() {
        assertEquals("", ImportPolicy.importPackage(Set.of(), Set.of("com.example"), PLATFORM));
    }
}
