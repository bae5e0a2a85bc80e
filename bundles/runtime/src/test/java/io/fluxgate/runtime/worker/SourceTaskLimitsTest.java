package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * {@code fluxgate.source.task.max.unacknowledged.records} per connector: the worker's value unless the connector's
 * configuration sets its own; a value that is not a whole number of at least 1 fails the connector's tasks, naming it.
 */
class SourceTaskLimitsTest {

    private static final String KEY = "fluxgate.source.task.max.unacknowledged.records";

    @Test
    void aConnectorsOwnLimitReplacesTheWorkers() {
        assertEquals(20_000, TaskFactory.maxUnacknowledgedRecords(Map.of("name", "a"), 20_000));
        assertEquals(500, TaskFactory.maxUnacknowledgedRecords(Map.of(KEY, " 500 "), 20_000));
    }

    @Test
    void anInvalidLimitIsNamed() {
        for (String invalid : new String[] {"0", "-3", "many", ""}) {
            ConnectException e = assertThrows(ConnectException.class,
                    () -> TaskFactory.maxUnacknowledgedRecords(Map.of(KEY, invalid), 20_000));
            assertEquals("Invalid value " + invalid + " for configuration " + KEY
                    + ": a whole number of at least 1", e.getMessage());
        }
    }
}
