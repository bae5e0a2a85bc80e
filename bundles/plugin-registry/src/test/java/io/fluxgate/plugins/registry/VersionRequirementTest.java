package io.fluxgate.plugins.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fluxgate.api.plugins.PluginNotFoundException;

/** {@code connector.plugin.version} as Kafka reads it (KIP-891, {@code PluginUtils.connectorVersionRequirement}). */
class VersionRequirementTest {

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = "latest")
    void nullAndLatestMeanAnyVersion(String spec) {
        VersionRequirement any = VersionRequirement.parse(spec, "X");
        assertTrue(any.isLatest());
        assertTrue(allows(any, "0.0.1"));
        assertTrue(allows(any, "undefined"));
    }

    @ParameterizedTest
    @CsvSource({
        // spec, version, allowed
        "4.3.1, 4.3.1, true",
        "4.3.1, 4.3.2, false",
        "4.3.1, 4.3.0, false",
        "' 4.3.1 ', 4.3.1, true",
        "1.2, 1.2.0, true", // Maven: 1.2 and 1.2.0 are the same version
        "'[1.0,2.0)', 1.0, true",
        "'[1.0,2.0)', 1.9.9, true",
        "'[1.0,2.0)', 2.0, false",
        "'[1.0,2.0)', 2.0-SNAPSHOT, true", // a snapshot comes before its release
        "'(,2.0]', 0.1, true",
        "'(,2.0]', 2.0, true",
        "'(,2.0]', 2.1, false",
        "'[2.0,)', 10.0, true",
        "'[1.0]', 1.0, true",
        "'[1.0]', 1.1, false",
        "'(,1.0],[1.2,)', 1.1, false",
        "'(,1.0],[1.2,)', 1.3, true",
    })
    void versionsAndRanges(String spec, String version, boolean allowed) {
        assertEquals(allowed, allows(VersionRequirement.parse(spec, "X"), version), spec + " allows " + version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "4.3.1"})
    void aPlainVersionIsAHardRequirement(String version) {
        // Maven prints [1.0] as [1.0,1.0]; Kafka's messages show it so.
        assertEquals("[" + version + "," + version + "]", VersionRequirement.parse(version, "X").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1.0", "[2.0,1.0]", "(1.0)", "[1.0,2.0),,"})
    void anInvalidRangeIsRejectedWithKafkasMessage(String spec) {
        PluginNotFoundException e = assertThrows(PluginNotFoundException.class,
                () -> VersionRequirement.parse(spec, "FileStreamSource"));
        assertEquals("Invalid version range for FileStreamSource: " + spec, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1.0-alpha, 1.0-beta", "1.0-beta, 1.0-rc1", "1.0-rc1, 1.0-SNAPSHOT", "1.0-SNAPSHOT, 1.0",
        "1.0, 1.0-sp1", "1.9, 1.10", "2.5.4.Final, 2.5.5"})
    void versionsCompareAsMavenCompares(String older, String newer) {
        assertTrue(new DefaultArtifactVersion(older).compareTo(new DefaultArtifactVersion(newer)) < 0);
        assertFalse(allows(VersionRequirement.parse("[" + newer + ",)", "X"), older));
    }

    private static boolean allows(VersionRequirement requirement, String version) {
        return requirement.allows(new DefaultArtifactVersion(version));
    }
}
