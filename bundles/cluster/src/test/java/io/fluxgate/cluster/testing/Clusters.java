package io.fluxgate.cluster.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.fluxgate.cluster.ConfiguredWork;

/** Checks over a set of test workers, and waiting for them. */
public final class Clusters {

    private Clusters() {
    }

    /** Every configured connector and task runs on exactly one of the workers. */
    public static boolean runsEverythingOnce(Collection<TestWorker> workers, ConfiguredWork work) {
        Map<Object, Integer> counts = new HashMap<>();
        workers.forEach(w -> w.running().forEach(item -> counts.merge(item, 1, Integer::sum)));
        int expected = work.connectors().size() + work.taskCounts().values().stream().mapToInt(i -> i).sum();
        return counts.size() == expected && counts.values().stream().allMatch(n -> n == 1)
                && work.connectors().stream().allMatch(counts::containsKey)
                && work.connectors().stream().flatMap(c -> work.tasks(c).stream()).allMatch(counts::containsKey);
    }

    /** Connectors and tasks each within one of each other across the workers. */
    public static boolean balanced(Collection<TestWorker> workers) {
        int[] connectors = workers.stream().mapToInt(w -> (int) w.running().stream()
                .filter(String.class::isInstance).count()).sorted().toArray();
        int[] tasks = workers.stream().mapToInt(w -> (int) w.running().stream()
                .filter(item -> !(item instanceof String)).count()).sorted().toArray();
        return connectors[connectors.length - 1] - connectors[0] <= 1 && tasks[tasks.length - 1] - tasks[0] <= 1;
    }

    /** Waits for {@code condition}, checking every 20 ms; returns the milliseconds waited, or fails. */
    public static long await(long timeoutMs, BooleanSupplier condition, Supplier<String> what) {
        long start = System.nanoTime();
        long deadline = start + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + timeoutMs + " ms: " + what.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted");
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
