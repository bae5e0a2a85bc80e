package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * A call into a connector runs on a thread of the connector's own group, so that what it starts is the connector's;
 * past the deadline the caller gets a failure naming the call and the time, and the abandoned thread, deaf to its
 * interrupt, counts among the threads the connector left running.
 */
class PluginCallDeadlineTest {

    private final PluginThreads connector = new PluginThreads(new ThreadGroup("test-plugins"), "connector c");

    @Test
    void theCallRunsInTheConnectorsGroupAndItsResultOrFailureComesBack() {
        PluginCallDeadline calls = new PluginCallDeadline(5_000);

        ThreadGroup group = calls.call(connector, "start()", () -> Thread.currentThread().getThreadGroup());
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> calls.call(connector, "stop()", () -> {
                    throw new IllegalStateException("boom");
                }));
        ConnectException error = assertThrows(ConnectException.class, () -> calls.call(connector, "stop()", () -> {
            throw new StackOverflowError();
        }));

        assertEquals("connector-c", group.getName());
        assertEquals("boom", thrown.getMessage());
        assertEquals("Connector c failed in stop()", error.getMessage());
        assertTrue(error.getCause() instanceof StackOverflowError);
    }

    @Test
    void aHungCallFailsAtTheDeadlineAndItsThreadCountsAsLeftRunning() throws Exception {
        PluginCallDeadline calls = new PluginCallDeadline(200);
        CountDownLatch release = new CountDownLatch(1);
        Thread[] hung = new Thread[1];

        ConnectException error = assertThrows(ConnectException.class, () -> calls.call(connector, "start()", () -> {
            hung[0] = Thread.currentThread();
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException deaf) {
                    // a hostile plugin
                }
            }
            return null;
        }));

        assertEquals("Connector c did not return from start() within 200 ms "
                + "(fluxgate.connector.call.timeout.ms); the call was abandoned", error.getMessage());
        LingeringThreads lingering = new LingeringThreads(10);
        assertEquals(1, lingering.stopped("c", connector, 100).size());
        assertSame(hung[0], connector.alive().get(0));
        release.countDown();
        hung[0].join(TimeUnit.SECONDS.toMillis(5));
        assertEquals(0, lingering.count("c"));
    }
}
