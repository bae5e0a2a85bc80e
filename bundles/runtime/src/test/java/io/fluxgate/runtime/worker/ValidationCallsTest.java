package io.fluxgate.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.isolation.LoaderSwap;

/**
 * A validation's call into a connector runs on a thread of its own, in the group of the connector's class, with the
 * caller's context class loader (the connector's, as it was when the call ran on the request's thread), and is
 * abandoned at the deadline with an error naming the class, the call and the setting.
 */
class ValidationCallsTest {

    private final ThreadGroup validations = new ThreadGroup("test-validations");
    private final ValidationCalls calls = new ValidationCalls(validations, new PluginCallDeadline(500), 1);

    @Test
    void theCallRunsOnAThreadOfTheClassGroupWithTheCallersContextClassLoader() throws Exception {
        try (URLClassLoader pluginLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
                LoaderSwap swap = LoaderSwap.to(pluginLoader)) {
            Thread caller = Thread.currentThread();
            Thread thread = calls.call("x.Y", "validate()", Thread::currentThread);
            ThreadGroup group = calls.call("x.Y", "validate()", () -> Thread.currentThread().getThreadGroup());
            ClassLoader loader = calls.call("x.Y", "config()", () -> Thread.currentThread().getContextClassLoader());

            assertNotSame(caller, thread);
            assertTrue(thread.isDaemon());
            assertEquals("connector-class-x.Y", group.getName());
            assertSame(validations, group.getParent());
            assertEquals("connector-class-x.Y-validate()", thread.getName());
            assertSame(pluginLoader, loader);
        }
    }

    @Test
    void aCallPastTheDeadlineIsAbandonedNamingTheClassTheCallAndTheSetting() {
        Object never = new Object();
        RuntimeException abandoned = assertThrows(RuntimeException.class, () -> calls.call("x.Y", "validate()", () -> {
            synchronized (never) {
                never.wait(); // ends on the interrupt given at the deadline
            }
            return null;
        }));
        assertEquals("Connector class x.Y did not return from validate() within 500 ms "
                + "(fluxgate.connector.call.timeout.ms); the call was abandoned", abandoned.getMessage());
    }

    @Test
    void aClassWhoseAbandonedCallsStillRunPastTheLimitIsNotCalledAgain() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.Callable<Object> deaf = () -> {
            while (release.getCount() > 0) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    // deaf to the interrupt given at the deadline
                }
            }
            return null;
        };
        try {
            for (int i = 0; i < 2; i++) {
                assertThrows(RuntimeException.class, () -> calls.call("x.Hung", "validate()", deaf));
            }
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> calls.call("x.Hung", "validate()", () -> "not called"));
            assertEquals("Connector class x.Hung is not called again: 2 of its validation calls still run after they "
                    + "were abandoned at the deadline, more than 1. Fix the plugin, or restart the worker to reclaim "
                    + "the threads.", refused.getMessage());
            assertEquals("called", calls.call("x.Other", "validate()", () -> "called"), "another class is called");
        } finally {
            release.countDown();
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (validations.activeCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals("called again", calls.call("x.Hung", "validate()", () -> "called again"),
                "once its calls ended, the class is called again");
    }
}
