package io.fluxgate.storage.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One time budget for several waits: a store write waits for acknowledgements, then for reading them back. */
public final class Deadline {

    private final long deadlineNanos;

    private Deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    public static Deadline after(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Waits for {@code future} within what is left of the budget. */
    public <T> T await(Future<T> future) throws ExecutionException, TimeoutException, InterruptedException {
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        return future.get(left, TimeUnit.NANOSECONDS);
    }
}
