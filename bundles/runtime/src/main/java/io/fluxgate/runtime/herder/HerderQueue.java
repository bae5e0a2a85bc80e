package io.fluxgate.runtime.herder;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.HerderException;

/**
 * The changes waiting for the herder thread, which applies them one at a time, in order: the standalone herder's
 * thread waits on the queue, the distributed herder's drains it between two polls of the group. Any thread submits;
 * {@code wakeup} tells the herder thread there is work (the distributed one is blocked in a poll).
 */
public final class HerderQueue {

    private static final Logger LOG = LoggerFactory.getLogger(HerderQueue.class);

    private final BlockingQueue<Runnable> pending = new LinkedBlockingQueue<>();
    private final Runnable wakeup;
    private volatile boolean closed;

    public HerderQueue(Runnable wakeup) {
        this.wakeup = wakeup;
    }

    /** Runs {@code operation} on the herder thread; a failure (a {@link HerderException}) fails the stage. */
    public <T> CompletableFuture<T> submit(Supplier<T> operation) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!execute(() -> {
            try {
                result.complete(operation.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        })) {
            result.completeExceptionally(shuttingDown());
        }
        return result;
    }

    /** Queues {@code work}; false once the queue is closed (the work is dropped). */
    public boolean execute(Runnable work) {
        if (closed) {
            LOG.debug("Herder closed: dropping a request");
            return false;
        }
        pending.add(work);
        wakeup.run();
        return true;
    }

    /** Runs what is queued now; on the herder thread. */
    public void runPending() {
        for (Runnable work; (work = pending.poll()) != null;) {
            run(work);
        }
    }

    /** Waits up to {@code timeoutMs} for work, then runs what is queued; on the herder thread. */
    public void awaitAndRun(long timeoutMs) throws InterruptedException {
        Runnable first = pending.poll(timeoutMs, TimeUnit.MILLISECONDS);
        if (first != null) {
            run(first);
            runPending();
        }
    }

    public boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Refuses new work; what is queued still runs with the next {@link #runPending()}. */
    public void close() {
        closed = true;
    }

    public boolean closed() {
        return closed;
    }

    public static HerderException shuttingDown() {
        return new HerderException(503, "The worker is shutting down");
    }

    private static void run(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.error("Herder request failed", e);
        }
    }
}
