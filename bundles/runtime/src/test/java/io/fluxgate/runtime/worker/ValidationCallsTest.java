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
    private final ValidationCalls calls = new ValidationCalls(validations, new PluginCallDeadline(500));

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
}
