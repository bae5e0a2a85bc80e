package io.fluxgate.runtime.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The threads of one connector instance or task: its plugin code runs in a {@link ThreadGroup} of its own, and the
 * threads that code creates join it (a new thread, and an executor's default thread factory, take their creator's
 * group), so that once the instance stopped, whatever is still alive in the group is what the plugin left running.
 */
final class PluginThreads {

    private final String owner;
    private final ThreadGroup group;

    /** @param owner what the threads belong to, as logs name it ({@code connector foo}, {@code task foo-0}) */
    PluginThreads(ThreadGroup parent, String owner) {
        this.owner = owner;
        // Not a daemon group: one destroyed when empty could not take the next thread of a paused connector.
        this.group = new ThreadGroup(parent, owner.replace(' ', '-'));
    }

    String owner() {
        return owner;
    }

    /** A daemon thread in the group (a hung plugin must not keep the process alive), not started. */
    Thread newThread(Runnable work, String name) {
        Thread thread = new Thread(group, work, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The threads of the group now alive (the group's own count is an estimate, so they are listed). */
    List<Thread> alive() {
        Thread[] threads = new Thread[group.activeCount() + 16];
        int count = group.enumerate(threads, true);
        List<Thread> alive = new ArrayList<>(count);
        for (Thread thread : Arrays.copyOf(threads, count)) {
            if (thread.isAlive()) {
                alive.add(thread);
            }
        }
        return alive;
    }

    @Override
    public String toString() {
        return owner;
    }
}
