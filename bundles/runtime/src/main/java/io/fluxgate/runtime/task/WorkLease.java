package io.fluxgate.runtime.task;

/**
 * Whether this worker still holds the work it was given, so that its tasks may write. In standalone mode it always
 * does; in distributed mode, while the group can still count it as a member (see the cluster bundle's
 * {@code GroupMember.inTouch()}): a worker waking from a freeze longer than its session timeout may find its tasks
 * already given to others, and must not write beside them. Asked before every write, from the task's own thread.
 */
@FunctionalInterface
public interface WorkLease {

    /** The lease of a worker that no one else can replace: standalone mode. */
    WorkLease ALWAYS = () -> true;

    /** Whether the work may be carried on now; cheap. */
    boolean held();
}
