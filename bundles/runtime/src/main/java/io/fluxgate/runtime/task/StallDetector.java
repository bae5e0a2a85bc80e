package io.fluxgate.runtime.task;

import java.util.concurrent.TimeUnit;

/**
 * The rule that says a RUNNING task is stalled (issue "Status tells the truth"): a plugin call that has not returned
 * for the timeout ({@code fluxgate.task.stall.timeout.ms}), or records waiting for the task and none taken for the
 * timeout. A task between calls with nothing waiting is idle, never stalled. Pure: the caller gives the time.
 */
public final class StallDetector {

    private final long timeoutMs;
    private final long timeoutNanos;

    public StallDetector(long timeoutMs) {
        this.timeoutMs = timeoutMs;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    public long timeoutMs() {
        return timeoutMs;
    }

    /**
     * @param call             the plugin call the task's thread is in, or null
     * @param callStartedNanos when that call began
     * @param progressNanos    when the task last made progress
     * @param waitingRecords   records waiting for the task
     * @param nowNanos         the time now, on the same clock
     * @return the stall, or null
     */
    Stall check(String call, long callStartedNanos, long progressNanos, long waitingRecords, long nowNanos) {
        // A hung call comes first: it is why nothing else moves.
        if (call != null && nowNanos - callStartedNanos >= timeoutNanos) {
            return new Stall(call, callStartedNanos, 0);
        }
        if (waitingRecords > 0 && nowNanos - progressNanos >= timeoutNanos) {
            return new Stall(null, progressNanos, waitingRecords);
        }
        return null;
    }
}
