package io.fluxgate.runtime.task;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * Why a RUNNING task is stalled: a plugin call that has not returned since {@code sinceNanos}, or (call null)
 * {@code waitingRecords} records waiting and none taken since {@code sinceNanos}.
 */
public record Stall(String call, long sinceNanos, long waitingRecords) {

    /**
     * Whether {@code other} is the same stall (same call, or waiting, since the same time): the status is written when
     * a stall begins or changes, not at each look, and its message says "since" so that it stays true meanwhile.
     */
    public boolean sameAs(Stall other) {
        return other != null && Objects.equals(call, other.call) && sinceNanos == other.sinceNanos;
    }

    /** What the status says, with {@code sinceMs} the epoch time of {@link #sinceNanos}. */
    public String message(long sinceMs, long timeoutMs) {
        String since = Instant.ofEpochMilli(sinceMs).truncatedTo(ChronoUnit.SECONDS).toString();
        String over = "for over " + seconds(timeoutMs) + " (fluxgate.task.stall.timeout.ms), since " + since;
        if (call != null) {
            // a plugin method "returns"; a step made of several calls (a batch's conversion) "finishes"
            return "Stalled: " + call + (call.endsWith("()") ? " has not returned " : " has not finished ") + over;
        }
        return String.format(Locale.ROOT, "Stalled: %,d %s and no put() has taken any %s", waitingRecords,
                waitingRecords == 1 ? "record waits" : "records wait", over);
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
