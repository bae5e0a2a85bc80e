package io.fluxgate.itests.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hostile behaviour of test-plugin-hostile, as {@code e2e/BulkheadTest} lists them, and what the cluster must then
 * show: {@code expect} is the kind of check (BulkheadTest's kinds), {@code trace} what the status's trace must hold.
 */
record ClusterHostile(String type, String mode, String expect, String trace) {

    private static final String SOURCE = "io.fluxgate.testplugins.hostile.HostileSourceConnector";
    private static final String SINK = "io.fluxgate.testplugins.hostile.HostileSinkConnector";
    private static final String CONVERTER = "io.fluxgate.testplugins.hostile.HostileConverter";
    private static final String TRANSFORMATION = "io.fluxgate.testplugins.hostile.HostileTransformation";

    /**
     * Every behaviour of BulkheadTest's table. The hung tasks say more than there (RUNNING with the stall in the
     * trace): the stall timeout is 2 s here as there, and each status is read from every worker.
     * {@code -Dbulkhead.modes="source hang-start,sink hang-put"} runs those only, as in BulkheadTest.
     */
    static List<ClusterHostile> all() {
        String only = System.getProperty("bulkhead.modes", "");
        return every().stream().filter(h -> only.isBlank() || List.of(only.split(",")).contains(h.toString()))
                .toList();
    }

    private static List<ClusterHostile> every() {
        return List.of(
                new ClusterHostile("source", "hang-start", "connector FAILED", "start()"),
                new ClusterHostile("sink", "hang-start", "connector FAILED", "start()"),
                new ClusterHostile("source", "hang-task-configs", "connector FAILED", "taskConfigs()"),
                new ClusterHostile("source", "hang-stop", "connector FAILED on pause", "stop()"),
                new ClusterHostile("source", "hang-task-start", "task stalled in start",
                        "Stalled: initialize() or start() has not returned for over 2 s "
                                + "(fluxgate.task.stall.timeout.ms), since 20"),
                new ClusterHostile("source", "hang-poll", "task hung", "Stalled: poll() has not returned"),
                new ClusterHostile("source", "hang-task-stop", "task hung on delete", null),
                new ClusterHostile("sink", "hang-put", "task hung", "Stalled: put() has not returned"),
                new ClusterHostile("sink", "hang-flush", "task hung", "Stalled: preCommit() has not returned"),
                new ClusterHostile("sink", "hang-pre-commit", "task hung", "Stalled: preCommit() has not returned"),
                new ClusterHostile("sink", "hang-task-stop", "task hung on delete", null),
                new ClusterHostile("source", "oom", "task FAILED", "OutOfMemoryError"),
                new ClusterHostile("sink", "oom", "task FAILED", "OutOfMemoryError"),
                new ClusterHostile("source", "soe", "task FAILED", "StackOverflowError"),
                new ClusterHostile("sink", "soe", "task FAILED", "StackOverflowError"),
                new ClusterHostile("source", "hang-converter-close", "close hung", null),
                new ClusterHostile("sink", "hang-transformation-close", "close hung", null),
                new ClusterHostile("source", "hang-converter-close-failed-assembly", "task FAILED",
                        "boom in configure() of the hostile transformation"),
                new ClusterHostile("source", "hang-validate", "request hung", null),
                new ClusterHostile("source", "hang-config", "request hung", null),
                new ClusterHostile("source", "hang-version", "request hung", null),
                // BulkheadMemoryTest's: every array kept until the worker's heap (512 MiB here) is full.
                new ClusterHostile("source", "allocate", "task FAILED", "OutOfMemoryError"),
                // BulkheadTest's lingering threads (its second test); the workers' budget is 1 here as there.
                new ClusterHostile("source", "spawn-threads", "threads left running",
                        "fluxgate.plugin.lingering.threads.max=1"));
    }

    /**
     * Whether it runs alone, after the others: the threads a connector leaves are counted per worker, and the
     * rebalances the others' creations and deletes cause move the connector between workers; a task filling its
     * worker's heap would slow whatever else that worker runs for the others' checks.
     */
    boolean alone() {
        return expect.equals("threads left running") || mode.equals("allocate");
    }

    String connector() {
        return type + "-" + mode;
    }

    /** What else a FAILED task's trace names: the call, for an OutOfMemoryError (a StackOverflowError's is cut). */
    String failedCall() {
        return !mode.equals("oom") ? "" : type.equals("source") ? "HostileSourceTask.poll" : "HostileSinkTask.put";
    }

    /** The connector's configuration: its hung calls return once {@code release} exists; a sink reads {@code topic}. */
    Map<String, String> config(Path release, String topic) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", type.equals("source") ? SOURCE : SINK);
        config.put("tasks.max", "1");
        config.put("mode", mode);
        config.put("release.file", release.toString());
        // Converters and transformations misbehave as their own settings say; the connector then behaves.
        if (mode.startsWith("hang-converter-close")) {
            config.put("mode", "none");
            config.put("value.converter", CONVERTER);
            config.put("value.converter.mode", "hang-close");
            config.put("value.converter.release.file", release.toString());
        }
        if (mode.equals("hang-transformation-close") || mode.endsWith("-failed-assembly")) {
            config.put("mode", "none");
            config.put("transforms", "hostile");
            config.put("transforms.hostile.type", TRANSFORMATION);
            config.put("transforms.hostile.mode", mode.endsWith("-failed-assembly") ? "fail-configure" : "hang-close");
            config.put("transforms.hostile.release.file", release.toString());
        }
        if (type.equals("sink")) {
            config.put("topics", topic); // records to put, in a consumer group of its own
        }
        return config;
    }

    @Override
    public String toString() {
        return type + " " + mode;
    }
}
