package io.fluxgate.runtime.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.fluxgate.api.herder.State;

/**
 * How long an instance has spent in each state, for the {@code running-ratio} and {@code pause-ratio} metrics, as
 * Kafka Connect's {@code StateTracker}: an immutable snapshot swapped atomically, so that readers (a JMX scrape) never
 * block the task that changes state.
 */
final class StateTracker {

    private final AtomicReference<Snapshot> current = new AtomicReference<>(Snapshot.NONE);

    void changeState(State state, long now) {
        current.getAndUpdate(snapshot -> snapshot.next(state, now));
    }

    /** The state now; null before the first change. */
    State state() {
        return current.get().state;
    }

    /** The fraction of the time since the first change spent in {@code state}; 0 before the first change. */
    double ratio(State state, long now) {
        return current.get().ratio(state, now);
    }

    private record Snapshot(State state, long since, Map<State, Long> totals) {

        static final Snapshot NONE = new Snapshot(null, 0, Map.of());

        Snapshot next(State newState, long now) {
            if (state == null) {
                return new Snapshot(newState, now, Map.of());
            }
            if (newState == state) {
                return this;
            }
            Map<State, Long> newTotals = new EnumMap<>(State.class);
            newTotals.putAll(totals);
            newTotals.merge(state, now - since, Long::sum);
            return new Snapshot(newState, now, newTotals);
        }

        double ratio(State of, long now) {
            if (state == null) {
                return 0.0;
            }
            long current = now - since;
            long total = current + totals.values().stream().mapToLong(Long::longValue).sum();
            long in = totals.getOrDefault(of, 0L) + (of == state ? current : 0);
            return total == 0 ? 0.0 : (double) in / total;
        }
    }
}
