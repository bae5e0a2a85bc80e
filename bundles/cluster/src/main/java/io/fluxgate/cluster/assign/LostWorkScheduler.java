package io.fluxgate.cluster.assign;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * KIP-415's delay for the work of departed workers, as Kafka Connect's {@code IncrementalCooperativeAssignor} applies
 * {@code scheduled.rebalance.max.delay.ms}: when a worker is gone, its connectors and tasks are held back for up to
 * that long in the hope that it returns; the workers that joined empty in the meantime (the returners) then get them.
 * With a maximum of 0, lost work is reassigned at once, balanced like new work.
 *
 * <p>It also owns the schedule of the next rebalance, which the assignor's back-off of consecutive revoking
 * rebalances shares: the {@link #delay()} sent to every member, who rejoin when it expires.
 */
final class LostWorkScheduler {

    private final int maxDelay;
    /** Workers that were empty while lost work was held back: the likely returners. */
    private final Set<String> candidates = new LinkedHashSet<>();
    /** When the held-back work is due, in clock milliseconds; 0 when nothing is scheduled. */
    private long scheduledRebalance;
    /** What the members are told to wait before rejoining; 0 when nothing is scheduled. */
    private int delay;

    LostWorkScheduler(int maxDelay) {
        this.maxDelay = maxDelay;
    }

    int delay() {
        return delay;
    }

    int maxDelay() {
        return maxDelay;
    }

    /** Schedules the next rebalance {@code delay} ms from {@code now} (the back-off of revoking rebalances). */
    void scheduleIn(int delay, long now) {
        this.delay = delay;
        if (delay != 0) {
            scheduledRebalance = now + delay;
        }
    }

    /**
     * Decides about the lost work of this round.
     *
     * @param lost             work that ran in the previous round and that no member reports now
     * @param next             the next round's loads; held-back work that falls due is put on the returners here
     * @param previousMembers  the members of the previous round
     * @param revokedInPrevious whether the previous round revoked for balance
     * @return the lost work to spread like new work, and whether a held-back delay has just expired
     */
    Decision decide(Work lost, List<WorkerLoad> next, Set<String> previousMembers, boolean revokedInPrevious,
            long now) {
        if (lost.isEmpty() && !revokedInPrevious) {
            reset();
            return new Decision(Work.empty(), false);
        }
        Set<String> activeMembers = next.stream().map(WorkerLoad::worker).collect(Collectors.toSet());
        if (scheduledRebalance <= 0 && activeMembers.containsAll(previousMembers)) {
            // Nobody left: the work went missing because some member missed the last assignment. Reassign it.
            return new Decision(lost, false);
        }
        if (maxDelay == 0) {
            return new Decision(lost, false);
        }
        if (scheduledRebalance > 0 && now >= scheduledRebalance) {
            Work toSpread = Work.empty();
            List<WorkerLoad> returners = returners(next);
            if (returners.isEmpty()) {
                toSpread.addAll(lost);
            } else {
                roundRobin(lost.connectors(), returners, (worker, connector) -> worker.connectors().add(connector));
                roundRobin(lost.tasks(), returners, (worker, task) -> worker.tasks().add(task));
            }
            reset();
            return new Decision(toSpread, true);
        }
        next.stream().filter(WorkerLoad::isEmpty).map(WorkerLoad::worker)
                .collect(Collectors.toSet()).forEach(candidates::add);
        // First loss: wait the full delay. Later rounds within it: wait what is left, so a stream of joins cannot
        // postpone the reassignment for ever.
        delay = now < scheduledRebalance ? (int) Math.min(scheduledRebalance - now, maxDelay) : maxDelay;
        scheduledRebalance = now + delay;
        return new Decision(Work.empty(), false);
    }

    private List<WorkerLoad> returners(List<WorkerLoad> next) {
        Map<String, WorkerLoad> byWorker = next.stream()
                .collect(Collectors.toMap(WorkerLoad::worker, Function.identity()));
        return candidates.stream().map(byWorker::get).filter(Objects::nonNull).toList();
    }

    private static <E> void roundRobin(Set<E> work, List<WorkerLoad> workers,
            BiConsumer<WorkerLoad, E> assign) {
        Iterator<WorkerLoad> cycle = workers.iterator();
        for (E item : work) {
            if (!cycle.hasNext()) {
                cycle = workers.iterator();
            }
            assign.accept(cycle.next(), item);
        }
    }

    private void reset() {
        candidates.clear();
        scheduledRebalance = 0;
        delay = 0;
    }

    /** The lost work to spread now, and whether a delay just expired (which resets the revocation back-off). */
    record Decision(Work toSpread, boolean delayExpired) {
    }

    /** For logs. */
    @Override
    public String toString() {
        return "{delay=" + delay + ", scheduledRebalance=" + scheduledRebalance + ", candidates=" + candidates + '}';
    }

}
