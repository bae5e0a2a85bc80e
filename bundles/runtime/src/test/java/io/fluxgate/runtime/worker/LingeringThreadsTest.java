package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.metrics.WorkerCountMetrics;
import io.fluxgate.runtime.metrics.WorkerMetrics;

/**
 * What a connector's stopped instances and tasks left running is counted from their thread groups: threads their code
 * started (directly or through an executor's default thread factory) count, threads that ended do not; past the limit
 * they are interrupted, and the connector is refused while more than the limit still run.
 */
class LingeringThreadsTest {

    private final ThreadGroup parent = new ThreadGroup("test-plugins");
    private final List<Thread> deaf = new ArrayList<>();
    private volatile boolean released;

    @AfterEach
    void releaseDeafThreads() throws InterruptedException {
        released = true;
        for (Thread thread : deaf) {
            thread.join(2_000);
        }
    }

    @Test
    void countsWhatThePluginStartedAndIsStillAlive() throws Exception {
        LingeringThreads lingering = new LingeringThreads(10);
        PluginThreads task = new PluginThreads(parent, "task c-0");
        CountDownLatch started = new CountDownLatch(2);
        ExecutorService[] pool = new ExecutorService[1];
        runIn(task, () -> {
            startDeaf("leaked", started); // a plain thread
            pool[0] = Executors.newSingleThreadExecutor(); // an executor's default factory: the creator's group
            pool[0].execute(started::countDown);
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));

        List<Thread> left = lingering.stopped("c", task, 500);

        assertEquals(2, left.size(), "the plain thread and the executor's: " + left);
        assertEquals(2, lingering.count("c"));
        assertEquals(0, lingering.count("other"), "counted per connector");
        pool[0].shutdownNow();
        pool[0].awaitTermination(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lingering.count("c") > 1 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the pool's thread ends just after the pool says it terminated
        }
        assertEquals(1, lingering.count("c"), "an ended thread no longer counts");
    }

    @Test
    void threadsThatEndWhileSettlingAreNotCounted() throws Exception {
        LingeringThreads lingering = new LingeringThreads(0);
        PluginThreads instance = new PluginThreads(parent, "connector c");
        runIn(instance, () -> sleeper(200).start());

        assertEquals(List.of(), lingering.stopped("c", instance, 2_000));
        lingering.requireRoom("c");
    }

    @Test
    void pastTheLimitTheyAreInterruptedAndTheConnectorIsRefusedWhileTheDeafOnesRun() throws Exception {
        LingeringThreads lingering = new LingeringThreads(1);
        PluginThreads first = new PluginThreads(parent, "task c-0");
        CountDownLatch started = new CountDownLatch(1);
        runIn(first, () -> startDeaf("deaf-1", started));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        lingering.stopped("c", first, 100);
        lingering.requireRoom("c"); // one thread: within the limit

        PluginThreads second = new PluginThreads(parent, "task c-0");
        Thread[] polite = new Thread[1];
        runIn(second, () -> {
            polite[0] = sleeper(60_000);
            polite[0].start();
        });
        List<Thread> left = lingering.stopped("c", second, 100);

        assertEquals(List.of(), left, "the thread that honours interrupts ended");
        assertTrue(!polite[0].isAlive());
        lingering.requireRoom("c"); // back to one

        PluginThreads third = new PluginThreads(parent, "connector c");
        CountDownLatch again = new CountDownLatch(1);
        runIn(third, () -> startDeaf("deaf-2", again));
        assertTrue(again.await(5, TimeUnit.SECONDS));
        lingering.stopped("c", third, 100);

        assertEquals(2, lingering.count("c"));
        ConnectException refused = assertThrows(ConnectException.class, () -> lingering.requireRoom("c"));
        assertTrue(refused.getMessage().contains("fluxgate.plugin.lingering.threads.max=1")
                && refused.getMessage().contains("deaf-1") && refused.getMessage().contains("deaf-2"),
                refused.getMessage());
    }

    @Test
    void aWorkerThatRanOnlyAStoppedTaskShowsWhatItLeftAsAWorkerMetricUntilTheThreadsEnd() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        try (WorkerMetrics metrics = WorkerMetrics.of("127.0.0.1:18091", Map.of())) {
            WorkerCountMetrics counts = new WorkerCountMetrics(metrics, () -> 0, new ConcurrentHashMap<>());
            LingeringThreads lingering = new LingeringThreads(10, counts);
            ObjectName perConnector = new ObjectName("kafka.connect:type=connect-worker-metrics,connector=leaky");
            // The worker runs a task of the connector, not its instance (no connector-metrics here): the task's
            // per-connector counts exist (the worker adds them with the task; the map holds the running ones).
            counts.taskAdded("leaky");
            PluginThreads task = new PluginThreads(parent, "task leaky-0");
            CountDownLatch started = new CountDownLatch(1);
            runIn(task, () -> startDeaf("leaky-deaf", started));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            assertThrows(AttributeNotFoundException.class,
                    () -> jmx.getAttribute(perConnector, "connector-lingering-thread-count"), "none left yet");

            // The task stops (its counts go with it), leaving its thread: counted, and shown.
            counts.taskRemoved("leaky");
            lingering.stopped("leaky", task, 100);
            assertEquals(1.0, jmx.getAttribute(perConnector, "connector-lingering-thread-count"));
            assertThrows(AttributeNotFoundException.class,
                    () -> jmx.getAttribute(perConnector, "connector-total-task-count"), "no task of it runs here");
            assertFalse(jmx.isRegistered(new ObjectName("kafka.connect:type=connector-metrics,connector=leaky")),
                    "the connector's instance does not run here");

            // Once its threads ended, the first read says 0 and the metric goes (its MBean with it, its last one).
            released = true;
            for (Thread thread : deaf) {
                thread.join(2_000);
            }
            assertEquals(0.0, jmx.getAttribute(perConnector, "connector-lingering-thread-count"));
            assertFalse(jmx.isRegistered(perConnector), "removed once no thread of the connector lingers");
            assertEquals(0, lingering.count("leaky"));

            // Counted again when a later stop leaves threads again.
            released = false;
            PluginThreads again = new PluginThreads(parent, "connector leaky");
            CountDownLatch startedAgain = new CountDownLatch(1);
            runIn(again, () -> startDeaf("leaky-deaf-2", startedAgain));
            assertTrue(startedAgain.await(5, TimeUnit.SECONDS));
            lingering.stopped("leaky", again, 100);
            assertEquals(1.0, jmx.getAttribute(perConnector, "connector-lingering-thread-count"));
            counts.close();
            assertFalse(jmx.isRegistered(perConnector), "the worker's metrics closed");
        }
    }

    /** Runs {@code code} on a thread of {@code threads}, as the worker runs a plugin's, and waits for it. */
    private static void runIn(PluginThreads threads, Runnable code) throws InterruptedException {
        Thread thread = threads.newThread(code, "plugin-code");
        thread.start();
        thread.join();
    }

    /** A thread deaf to interrupts, which ends when the test is over. */
    private void startDeaf(String name, CountDownLatch started) {
        Thread thread = new Thread(() -> {
            started.countDown();
            while (!released) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException deafToIt) {
                    // ignored on purpose
                }
            }
        }, name);
        thread.setDaemon(true);
        deaf.add(thread);
        thread.start();
    }

    private static Thread sleeper(long ms) {
        Thread thread = new Thread(() -> {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                // ends
            }
        }, "sleeper");
        thread.setDaemon(true);
        return thread;
    }
}
