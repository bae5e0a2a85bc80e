package io.fluxgate.itests.e2e;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each step of an end-to-end test took, in the order the steps ran, printed as one block: so that a run says
 * where its time went, and a slow step is seen before it becomes a timeout.
 */
final class Timings {

    private final long started = System.nanoTime();
    private final Map<String, Duration> steps = new LinkedHashMap<>();
    private long stepStarted = started;

    /** Ends the step that began when the previous one ended (or at construction) and names it. */
    void lap(String step) {
        long now = System.nanoTime();
        steps.put(step, Duration.ofNanos(now - stepStarted));
        stepStarted = now;
    }

    /** The steps measured so far and the total, one line each. */
    String report(String title) {
        StringBuilder text = new StringBuilder(title).append('\n');
        steps.forEach((step, took) -> text.append(String.format("  %-58s %7.1f s%n", step, seconds(took))));
        text.append(String.format("  %-58s %7.1f s", "total", seconds(Duration.ofNanos(System.nanoTime() - started))));
        return text.toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
