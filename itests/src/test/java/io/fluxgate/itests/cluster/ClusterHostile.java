package io.fluxgate.itests.cluster;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fluxgate.itests.e2e.HostileConfigs;

/**
 * A hostile behaviour of test-plugin-hostile, as {@code e2e/BulkheadTest} lists them, and what the cluster must then
 * show: {@code expect} is the kind of check (BulkheadTest's kinds), {@code trace} what the status's trace must hold.
 */
record ClusterHostile(String type, String mode, String expect, String trace) {


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
                // Both hang in validate(): the plugin's config() hangs only once its validate() read the mode.
                new ClusterHostile("source", "hang-validate", "validation abandoned", "validate()"),
                new ClusterHostile("source", "hang-config", "validation abandoned", "validate()"),
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
        return HostileConfigs.of(type, mode, release, topic);
    }

    @Override
    public String toString() {
        return type + " " + mode;
    }
}
