package io.fluxgate.runtime.task;

import java.util.function.Supplier;

import io.fluxgate.api.herder.ConnectorTaskId;

/**
 * Whether this worker still holds the work it was given, so that its tasks may write. In standalone mode it always
 * does; in distributed mode, while the group can still count it as a member (see the cluster bundle's
 * {@code GroupMember.inTouch()}): a worker waking from a freeze longer than its session timeout may find its tasks
 * already given to others, and must not write beside them. Asked before every write, from the task's own thread.
 * An exactly-once source task also proves its hold once, as its transactional producer claims the task's id:
 * {@link #producerChecks}.
 */
@FunctionalInterface
public interface WorkLease {

    /** The lease of a worker that no one else can replace: standalone mode. */
    WorkLease ALWAYS = () -> true;

    /** Whether the work may be carried on now; cheap. */
    boolean held();

    /**
     * The checks an exactly-once source task runs around its producer's {@code initTransactions()}. Asked once per
     * task instance, as the task is built, on the thread that starts it (the herder's), so that the checks may capture
     * what they compare against then (the connector's task-config generation); run later on the task's thread.
     */
    default ProducerChecks producerChecks(ConnectorTaskId task) {
        return ProducerChecks.NONE;
    }

    /** A lease that asks, at every call, the lease {@code current} gives: the worker's, which the herder sets later. */
    static WorkLease following(Supplier<WorkLease> current) {
        return new WorkLease() {
            @Override
            public boolean held() {
                return current.get().held();
            }

            @Override
            public ProducerChecks producerChecks(ConnectorTaskId task) {
                return current.get().producerChecks(task);
            }
        };
    }
}
