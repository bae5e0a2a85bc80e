package io.fluxgate.storage.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToLongFunction;

import org.apache.kafka.common.TopicPartition;

/**
 * The reads to the end a {@link TopicLog} owes its callers: each waits until the consumer's position has reached, in
 * every partition, the end offset that partition had when the read was asked for. Filled from any thread, completed
 * by the thread that owns the consumer.
 */
final class ReadToEndRequests {

    private record Request(Map<TopicPartition, Long> endOffsets, CompletableFuture<Void> done) {
    }

    private final List<Request> pending = new ArrayList<>();
    private RuntimeException closed;

    /** Waits for {@code endOffsets}; fails {@code done} at once when the log has stopped. */
    synchronized void add(Map<TopicPartition, Long> endOffsets, CompletableFuture<Void> done) {
        if (closed != null) {
            done.completeExceptionally(closed);
        } else {
            pending.add(new Request(Map.copyOf(endOffsets), done));
        }
    }

    synchronized boolean isEmpty() {
        return pending.isEmpty();
    }

    /**
     * Completes the requests whose end offsets {@code position} has reached. Called on the consumer's thread; the
     * position function may throw (a wakeup), leaving the remaining requests pending.
     */
    void completeReached(ToLongFunction<TopicPartition> position) {
        List<Request> candidates;
        synchronized (this) {
            candidates = new ArrayList<>(pending);
        }
        for (Request request : candidates) {
            if (reached(request.endOffsets(), position)) {
                synchronized (this) {
                    pending.remove(request);
                }
                // Outside the lock: what callers chained to the future runs here.
                request.done().complete(null);
            }
        }
    }

    static boolean reached(Map<TopicPartition, Long> endOffsets, ToLongFunction<TopicPartition> position) {
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            if (position.applyAsLong(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Fails every pending request, which the log cannot serve. */
    void failAll(RuntimeException error) {
        List<Request> failed;
        synchronized (this) {
            failed = new ArrayList<>(pending);
            pending.clear();
        }
        failed.forEach(request -> request.done().completeExceptionally(error));
    }

    /** Fails every pending request and every later one with {@code reason}. */
    void close(RuntimeException reason) {
        synchronized (this) {
            closed = reason;
        }
        failAll(reason);
    }
}
