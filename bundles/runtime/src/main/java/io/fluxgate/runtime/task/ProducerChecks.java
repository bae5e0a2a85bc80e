package io.fluxgate.runtime.task;

/**
 * What an exactly-once source task runs around the moment its transactional producer claims the task's
 * {@code transactional.id} ({@code initTransactions()}), on the task's thread, before the plugin is initialized and
 * before anything is sent (Apache's {@code preProducerCheck} and {@code postProducerCheck} of
 * {@code Worker.startExactlyOnceSourceTask}). Either may throw: the task then fails without having written anything.
 * The distributed herder supplies them through its {@link WorkLease#producerChecks}; in Apache, the first performs a
 * round of zombie fencing (the producers of the connector's previous generation of tasks), the second verifies that
 * the task is still of the connector's current generation of task configurations and still assigned to this worker.
 *
 * @param preProducerCheck  before {@code initTransactions()}; skipped with it if the task is stopped meanwhile
 * @param postProducerCheck after {@code initTransactions()}, before the plugin starts and anything is sent
 */
public record ProducerChecks(Runnable preProducerCheck, Runnable postProducerCheck) {

    /** Checks nothing: standalone workers and tests. */
    public static final ProducerChecks NONE = new ProducerChecks(() -> { }, () -> { });
}
