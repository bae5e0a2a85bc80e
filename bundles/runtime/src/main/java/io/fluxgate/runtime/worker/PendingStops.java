package io.fluxgate.runtime.worker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * The stops of connector instances or tasks that have not settled yet (stopped and their threads counted, or
 * abandoned), by name or task id: what the next generation of the same instance waits for before its plugin code
 * runs, since the herder that asked for the stop no longer waits for it.
 */
final class PendingStops<K> {

    private static final CompletableFuture<Void> NONE = CompletableFuture.completedFuture(null);

    private final Map<K, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /** Records that {@code key} stops with {@code stop}, after any stop of it still pending; never fails. */
    void add(K key, CompletableFuture<Void> stop) {
        CompletableFuture<Void> settled = stop.handle((ignored, error) -> null);
        CompletableFuture<Void> all = pending.merge(key, settled,
                (earlier, later) -> CompletableFuture.allOf(earlier, later));
        all.whenComplete((ignored, error) -> pending.remove(key, all));
    }

    /** Completes once every stop of {@code key} asked for so far has settled. */
    CompletableFuture<Void> of(K key) {
        return pending.getOrDefault(key, NONE);
    }

    /** Waits until {@code stops}, from this object, have settled (they never fail). */
    static void await(CompletableFuture<Void> stops) throws InterruptedException {
        try {
            stops.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pending stop failed", e); // never: see add
        }
    }

    /** Completes once every stop asked for so far of the keys {@code matching} has settled. */
    CompletableFuture<Void> ofAll(Predicate<K> matching) {
        List<CompletableFuture<Void>> stops = pending.entrySet().stream()
                .filter(entry -> matching.test(entry.getKey())).map(Map.Entry::getValue).toList();
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
    }
}
