package io.fluxgate.plugins.registry;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginProblem.Kind;
import io.fluxgate.plugins.PluginProblems;

/**
 * Finds the threads a withdrawn plugin left running: threads whose class or context class loader is the plugin's
 * (a thread started from plugin code inherits the plugin's loader as context class loader, since every call into a
 * plugin runs with it). They keep the old class loader, and so every class of the old bundle, in memory; nothing can
 * stop them safely, so they are reported (log and {@link PluginProblems}) for as long as they run.
 *
 * <p>Only weak references are kept: the check itself never holds a loader.
 */
final class LeftoverThreads {

    private static final Logger LOG = LoggerFactory.getLogger(LeftoverThreads.class);

    private record Withdrawn(WeakReference<ClassLoader> loader, String location, String name) {
    }

    private final List<Withdrawn> withdrawn = new ArrayList<>();
    private final PluginProblems problems;

    LeftoverThreads(PluginProblems problems) {
        this.problems = problems;
    }

    /** Remembers a plugin bundle's loader as it is withdrawn, to be checked once the framework has let go of it. */
    synchronized void withdrawn(ClassLoader loader, String location, String name) {
        if (loader != null) {
            withdrawn.add(new Withdrawn(new WeakReference<>(loader), location, name));
        }
    }

    /** Reports the threads each withdrawn loader still has; forgets the loaders that were collected. */
    synchronized void check() {
        for (Iterator<Withdrawn> it = withdrawn.iterator(); it.hasNext();) {
            Withdrawn entry = it.next();
            ClassLoader loader = entry.loader().get();
            if (loader == null) {
                it.remove();
                continue;
            }
            List<WeakReference<Thread>> threads = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                if (thread.isAlive() && (thread.getContextClassLoader() == loader
                        || thread.getClass().getClassLoader() == loader)) {
                    threads.add(new WeakReference<>(thread));
                    names.add(thread.getName());
                }
            }
            loader = null;
            if (!threads.isEmpty()) {
                LOG.warn("The removed plugin {} ({}) left {} thread(s) running: {}; its classes stay in memory until "
                        + "they end", entry.name(), entry.location(), names.size(), names);
                problems.report(entry.location(), Kind.THREADS_LEFT_RUNNING, null, "The removed plugin " + entry.name()
                        + " left threads running, which keep its classes in memory until they end: " + names,
                        () -> threads.stream().map(WeakReference::get).anyMatch(t -> t != null && t.isAlive()));
            }
        }
    }
}
