package io.fluxgate.runtime.task;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What a task's thread is doing, for the worker's stall watch: the plugin call it is in ({@code poll()},
 * {@code put()}...) and since when, when it last made progress, and how many records wait for it (a sink's lag and
 * the batch it could not put). Written by the task's thread a few times per batch, never per record, without
 * allocating (call names are constants); read by the watch's thread, hence volatile.
 */
public final class TaskProgress {

    private final LongSupplier nanoClock;
    private volatile String call;
    private volatile long callStartedNanos;
    private volatile long progressNanos;
    private volatile long waitingRecords;

    public TaskProgress() {
        this(System::nanoTime);
    }

    /** @param nanoClock {@link System#nanoTime()}, or a test's clock */
    public TaskProgress(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.progressNanos = nanoClock.getAsLong();
    }

    /** The task's thread enters plugin code: {@code what} names it as the status will ({@code "put()"}). */
    public void enter(String what) {
        callStartedNanos = nanoClock.getAsLong();
        call = what; // written last: a reader that sees the name sees its start time
    }

    /** The call returned, or threw. */
    public void exit() {
        call = null;
    }

    /** Runs {@code body} as the call {@code what}: entered before, exited after, however it ends. */
    public void during(String what, Runnable body) {
        enter(what);
        try {
            body.run();
        } finally {
            exit();
        }
    }

    /** {@link #during(String, Runnable)} for a call that answers. */
    public <T> T during(String what, Supplier<T> body) {
        enter(what);
        try {
            return body.get();
        } finally {
            exit();
        }
    }

    /** The task did its work: a poll returned, a put took records, or there was nothing to do. */
    public void progressed() {
        progressNanos = nanoClock.getAsLong();
    }

    /**
     * {@code records} wait for the task (a sink's lag plus a batch it could not put); none waiting counts as
     * progress, so that a stall is timed from when work arrived, not from the last put of an idle sink.
     */
    public void waiting(long records) {
        waitingRecords = records;
        if (records <= 0) {
            progressed();
        }
    }

    /** Makes the progress count from now: the task (re)starts running, after a start or a pause. */
    public void restart() {
        waitingRecords = 0;
        progressed();
    }

    /** The task's stall as {@code detector} judges it at {@code nowNanos}, or null when it makes progress. */
    public Stall stall(StallDetector detector, long nowNanos) {
        String current = call;
        long started = callStartedNanos;
        return detector.check(current, started, progressNanos, waitingRecords, nowNanos);
    }
}
