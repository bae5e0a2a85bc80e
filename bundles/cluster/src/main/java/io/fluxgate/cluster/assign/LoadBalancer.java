package io.fluxgate.cluster.assign;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * Balance for the incremental assignor, as Kafka Connect's {@code IncrementalCooperativeAssignor} computes it:
 * connectors and tasks are balanced separately, each worker running the floor or the ceiling of its share. New work
 * goes to the least loaded workers; a worker above its share gives back only its excess, so that what runs stays put.
 */
final class LoadBalancer {

    private LoadBalancer() {
    }

    /**
     * What each over-loaded worker must give back so that, once everything configured is spread, no worker runs more
     * than its share. Nothing when the current loads, plus work still to assign, can already be balanced.
     */
    static Map<String, Work> revocations(Work configured, List<WorkerLoad> workers) {
        if (workers.stream().allMatch(WorkerLoad::isEmpty) || configured.isEmpty()) {
            // New workers only, or nothing to run: balancing happens by assignment alone.
            return Map.of();
        }
        Map<String, Work> result = new HashMap<>();
        excess(configured.connectors().size(), workers, WorkerLoad::connectors).forEach((worker, connectors) ->
                result.computeIfAbsent(worker, w -> Work.empty()).connectors().addAll(connectors));
        excess(configured.tasks().size(), workers, WorkerLoad::tasks).forEach((worker, tasks) ->
                result.computeIfAbsent(worker, w -> Work.empty()).tasks().addAll(tasks));
        return result;
    }

    private static <E> Map<String, Set<E>> excess(int total, List<WorkerLoad> workers,
            Function<WorkerLoad, List<E>> allocation) {
        int workerCount = workers.size();
        int floor = total / workerCount;
        // How many workers run one more than the floor when the total does not divide evenly.
        int withExtra = total % workerCount;
        ToIntFunction<WorkerLoad> size = worker -> allocation.apply(worker).size();

        long atFloor = workers.stream().mapToInt(size).filter(n -> n == floor).count();
        long atCeiling = workers.stream().mapToInt(size).filter(n -> n == floor + 1).count();
        if (atCeiling == withExtra && atFloor + atCeiling == workerCount) {
            return Map.of();
        }
        Map<String, Set<E>> result = new HashMap<>();
        int extrasGiven = 0;
        for (WorkerLoad worker : workers) {
            int current = size.applyAsInt(worker);
            if (current <= floor) {
                continue;
            }
            int allowed;
            if (extrasGiven < withExtra) {
                // This worker may keep one more than the floor: the first over-loaded ones keep theirs.
                extrasGiven++;
                if (current == floor + 1) {
                    continue;
                }
                allowed = floor + 1;
            } else {
                allowed = floor;
            }
            Set<E> revoked = new LinkedHashSet<>();
            result.put(worker.worker(), revoked);
            Iterator<E> owned = allocation.apply(worker).iterator();
            for (int taken = 0; current - taken > allowed && owned.hasNext(); taken++) {
                revoked.add(owned.next());
            }
        }
        return result;
    }

    /** Spreads new connectors over the workers with the fewest, filling the lowest level first. */
    static void assignConnectors(List<WorkerLoad> workers, Collection<String> connectors) {
        fill(workers, connectors, WorkerLoad.BY_CONNECTORS, WorkerLoad::connectorCount,
                (worker, connector) -> worker.connectors().add(connector));
    }

    /** Spreads new tasks over the workers with the fewest, filling the lowest level first. */
    static void assignTasks(List<WorkerLoad> workers, Collection<ConnectorTaskId> tasks) {
        fill(workers, tasks, WorkerLoad.BY_TASKS, WorkerLoad::taskCount,
                (worker, task) -> worker.tasks().add(task));
    }

    /**
     * Apache's round-robin over the least loaded: sort once; then, as long as there is work, give one to each worker
     * whose load equals the first one's, in sorted order. The first worker is the least loaded, so the group at its
     * level grows as it catches up with the next level.
     */
    private static <E> void fill(List<WorkerLoad> workers, Collection<E> work, Comparator<WorkerLoad> order,
            ToIntFunction<WorkerLoad> load, BiConsumer<WorkerLoad, E> assign) {
        workers.sort(order);
        WorkerLoad first = workers.get(0);
        Iterator<E> pending = work.iterator();
        while (pending.hasNext()) {
            int firstLoad = load.applyAsInt(first);
            int upTo = workers.size();
            for (int i = 0; i < workers.size(); i++) {
                if (load.applyAsInt(workers.get(i)) > firstLoad) {
                    upTo = i;
                    break;
                }
            }
            for (WorkerLoad worker : workers.subList(0, upTo)) {
                assign.accept(worker, pending.next());
                if (!pending.hasNext()) {
                    break;
                }
            }
        }
    }
}
