package io.fluxgate.cluster.assign;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.apache.kafka.common.utils.ExponentialBackoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.cluster.ConfiguredWork;

/**
 * The leader's incremental cooperative assignor (KIP-415), decision for decision as Kafka Connect's
 * {@code IncrementalCooperativeAssignor}, so that a Fluxgate leader and an Apache leader move the same work.
 *
 * <p>Each round starts from what the members report they run (their metadata), and compares it with what should run
 * and with what ran after the previous round this leader computed:
 * <ul>
 * <li>deleted work (no longer configured) and work running twice is revoked;
 * <li>lost work (ran before, reported by nobody: its worker left) is held back or reassigned, see
 * {@link LostWorkScheduler};
 * <li>over-loaded workers give back their excess ({@link LoadBalancer#revocations}), but only in a round that holds
 * nothing back, and with a back-off when rounds keep revoking;
 * <li>new work and reassigned lost work go to the least loaded workers.
 * </ul>
 * Revoked work is assigned in the next round, once its old owner has stopped it; members rejoin by themselves after a
 * revocation, so that round follows at once. Work that stays on its worker is never touched.
 *
 * <p>State carries from round to round only while this worker stays leader of consecutive generations; a new leader
 * starts from the members' reports alone (then nothing is "lost", so a dead leader's work is reassigned at once).
 */
public final class IncrementalAssignor {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalAssignor.class);

    private final LongSupplier clock;
    private final LostWorkScheduler lostWork;
    /** Apache's back-off of consecutive revoking rounds: 40 ms, 1.6 s, 64 s... capped at the maximum delay. */
    private final ExponentialBackoff revokingBackoff;

    /** What ran after the previous round (minus what it revoked, plus what it found lost). */
    private Work previousAssignment = Work.empty();
    /** What the previous round revoked, to detect a revocation that a member did not carry out. */
    private final Work previousRevocation = Work.empty();
    private boolean revokedInPrevious;
    private int successiveRevokingRounds;
    private int previousGenerationId = -1;
    private Set<String> previousMembers = Set.of();

    /**
     * @param maxDelay how long lost work may be held back for its worker to return, in ms
     *                 ({@code scheduled.rebalance.max.delay.ms}; 0 reassigns it at once)
     * @param clock    milliseconds
     */
    public IncrementalAssignor(int maxDelay, LongSupplier clock) {
        this.clock = clock;
        this.lostWork = new LostWorkScheduler(maxDelay);
        this.revokingBackoff = new ExponentialBackoff(maxDelay == 0 ? 0 : 1, 40, maxDelay, 0);
    }

    /** The delay to send with this round's assignments: members rejoin when it expires (0: no rejoin needed). */
    public int delay() {
        return lostWork.delay();
    }

    /**
     * One round.
     *
     * @param configured              what should run
     * @param lastCompletedGeneration the generation of the last rebalance this worker completed
     * @param currentGeneration       the generation being assigned
     * @param memberAssignments       what each member reports it runs, by member id, in the order the members are
     *                                considered (it decides which over-loaded worker keeps an extra one)
     */
    public ClusterAssignment assign(ConfiguredWork configured, int lastCompletedGeneration, int currentGeneration,
            Map<String, Work> memberAssignments) {
        if (previousGenerationId != lastCompletedGeneration) {
            // This leader missed a round (another leader computed it, or its assignment was never synced): what it
            // remembers is stale, start from the members' reports alone.
            LOG.debug("Forgetting the previous assignment: computed for generation {}, last completed {}",
                    previousGenerationId, lastCompletedGeneration);
            previousAssignment = Work.empty();
        }
        Work configuredWork = configuredWork(configured);
        Work active = active(memberAssignments);

        if (!previousRevocation.isEmpty()) {
            boolean notCarriedOut = previousRevocation.connectors().stream().anyMatch(active.connectors()::contains)
                    || previousRevocation.tasks().stream().anyMatch(active.tasks()::contains);
            if (notCarriedOut) {
                // A member still runs what it was told to stop: trust the reports, not the plan.
                previousAssignment = active;
            }
            previousRevocation.connectors().clear();
            previousRevocation.tasks().clear();
        }

        Work deleted = Work.difference(previousAssignment, configuredWork);
        Work duplicated = duplicated(memberAssignments);
        Work lost = Work.difference(previousAssignment, active, deleted);
        Work created = Work.difference(configuredWork, previousAssignment, active);
        LOG.debug("Configured {}, active {}, deleted {}, lost {}, created {}", configuredWork, active, deleted, lost,
                created);

        List<WorkerLoad> current = loads(memberAssignments, deleted);
        Map<String, Work> toRevoke = new HashMap<>();
        Map<String, Work> deletedToRevoke = intersection(deleted, memberAssignments);
        Map<String, Work> duplicatedToRevoke = intersection(duplicated, memberAssignments);
        addAll(toRevoke, deletedToRevoke);
        addAll(toRevoke, duplicatedToRevoke);

        List<WorkerLoad> next = loads(memberAssignments, Work.empty());
        removeAll(next, deletedToRevoke);
        removeAll(next, duplicatedToRevoke);

        long now = clock.getAsLong();
        LostWorkScheduler.Decision lostDecision = lostWork.decide(lost, next, previousMembers, revokedInPrevious, now);
        if (lostDecision.delayExpired()) {
            // The full delay has passed: revoking rounds may follow each other again.
            revokedInPrevious = false;
        }
        balance(configuredWork, next, toRevoke, now);

        Work toAssign = Work.empty().addAll(created).addAll(lostDecision.toSpread());
        LoadBalancer.assignConnectors(next, toAssign.connectors());
        LoadBalancer.assignTasks(next, toAssign.tasks());

        Map<String, Work> owned = new HashMap<>();
        Map<String, Work> newlyAssigned = new HashMap<>();
        Map<String, WorkerLoad> currentByWorker = current.stream()
                .collect(Collectors.toMap(WorkerLoad::worker, w -> w));
        for (WorkerLoad worker : next) {
            owned.put(worker.worker(), new Work(worker.connectors(), worker.tasks()));
            WorkerLoad before = currentByWorker.get(worker.worker());
            Work added = new Work(worker.connectors(), worker.tasks());
            added.connectors().removeAll(before.connectors());
            added.tasks().removeAll(before.tasks());
            newlyAssigned.put(worker.worker(), added);
        }

        previousAssignment = remember(owned, toRevoke, lost);
        previousGenerationId = currentGeneration;
        previousMembers = memberAssignments.keySet();
        LOG.debug("Newly assigned {}, revoked {}, delay {}", newlyAssigned, toRevoke, lostWork.delay());
        return new ClusterAssignment(newlyAssigned, toRevoke, owned);
    }

    /**
     * Balancing revocations, only while no delay is running (a worker may yet return and take its share back), and
     * with a back-off when consecutive rounds revoke, so that a burst of joins does not stop and restart the same
     * tasks round after round.
     */
    private void balance(Work configured, List<WorkerLoad> next, Map<String, Work> toRevoke, long now) {
        if (lostWork.delay() != 0) {
            revokedInPrevious = false;
            return;
        }
        Map<String, Work> revocations = LoadBalancer.revocations(configured, next);
        if (revokedInPrevious && !revocations.isEmpty()) {
            successiveRevokingRounds++;
            int backoff = (int) revokingBackoff.backoff(successiveRevokingRounds);
            lostWork.scheduleIn(backoff, now);
            if (backoff == 0) {
                addAll(toRevoke, revocations);
                removeAll(next, revocations);
            }
        } else if (!revocations.isEmpty()) {
            addAll(toRevoke, revocations);
            removeAll(next, revocations);
            revokedInPrevious = true;
        } else if (revokedInPrevious) {
            // Balanced again: the back-off starts over.
            revokedInPrevious = false;
            successiveRevokingRounds = 0;
        }
    }

    private Work remember(Map<String, Work> owned, Map<String, Work> revoked, Work lost) {
        Work remembered = Work.empty();
        owned.values().forEach(remembered::addAll);
        for (Work work : revoked.values()) {
            remembered.removeAll(work);
            previousRevocation.addAll(work);
        }
        // Lost work still counts as assigned while it is held back, so that it stays "lost" and not "new".
        return remembered.addAll(lost);
    }

    private static Work configuredWork(ConfiguredWork configured) {
        Set<String> connectors = new TreeSet<>(configured.connectors());
        Set<ConnectorTaskId> tasks = connectors.stream().flatMap(c -> configured.tasks(c).stream())
                .collect(Collectors.toSet());
        return new Work(connectors, tasks);
    }

    private static Work active(Map<String, Work> memberAssignments) {
        Work active = Work.empty();
        memberAssignments.values().forEach(active::addAll);
        return active;
    }

    private static Work duplicated(Map<String, Work> memberAssignments) {
        Map<String, Long> connectorCounts = memberAssignments.values().stream()
                .flatMap(w -> w.connectors().stream())
                .collect(Collectors.groupingBy(c -> c, Collectors.counting()));
        Map<ConnectorTaskId, Long> taskCounts = memberAssignments.values().stream()
                .flatMap(w -> w.tasks().stream())
                .collect(Collectors.groupingBy(t -> t, Collectors.counting()));
        return new Work(
                connectorCounts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                        .collect(Collectors.toSet()),
                taskCounts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                        .collect(Collectors.toSet()));
    }

    /** Each member's loads, without {@code exclude}. */
    private static List<WorkerLoad> loads(Map<String, Work> memberAssignments, Work exclude) {
        return memberAssignments.entrySet().stream()
                .map(e -> new WorkerLoad(e.getKey(),
                        e.getValue().connectors().stream().filter(c -> !exclude.connectors().contains(c)).toList(),
                        e.getValue().tasks().stream().filter(t -> !exclude.tasks().contains(t)).toList()))
                .collect(Collectors.toList());
    }

    /** What of {@code work} each member runs (every member gets an entry, possibly empty). */
    private static Map<String, Work> intersection(Work work, Map<String, Work> memberAssignments) {
        Map<String, Work> result = new HashMap<>();
        memberAssignments.forEach((member, assignment) -> {
            Set<String> connectors = new HashSet<>(assignment.connectors());
            connectors.retainAll(work.connectors());
            Set<ConnectorTaskId> tasks = new HashSet<>(assignment.tasks());
            tasks.retainAll(work.tasks());
            result.put(member, new Work(connectors, tasks));
        });
        return result;
    }

    private static void addAll(Map<String, Work> base, Map<String, Work> toAdd) {
        toAdd.forEach((worker, work) -> base.computeIfAbsent(worker, w -> Work.empty()).addAll(work));
    }

    private static void removeAll(List<WorkerLoad> loads, Map<String, Work> toRemove) {
        loads.forEach(load -> load.remove(toRemove.getOrDefault(load.worker(), Work.empty())));
    }
}
