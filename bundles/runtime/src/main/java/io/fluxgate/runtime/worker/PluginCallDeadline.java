package io.fluxgate.runtime.worker;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Calls into connector code that the worker waits for ({@code start()}, {@code stop()}, {@code taskConfigs()}), each
 * on a thread of its own in the connector's {@link PluginThreads}, with a deadline, so that a plugin hung in one costs
 * only its own connector: past the deadline the call is abandoned (its thread interrupted and left to finish, or not,
 * on its own, counted among the threads the connector leaves running) and the caller gets a {@link ConnectException}
 * saying which call hung and for how long, which fails that connector.
 */
final class PluginCallDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCallDeadline.class);

    private final long timeoutMs;

    PluginCallDeadline(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /**
     * The result of {@code call}, made in {@code threads} as {@code what} ({@code taskConfigs()}...); what it throws,
     * rethrown (an {@link Error} or checked exception of the plugin wrapped, so that it fails the connector rather
     * than the worker).
     */
    <T> T call(PluginThreads threads, String what, Callable<T> call) {
        return call(threads, what, timeoutMs, call);
    }

    /** {@link #call(PluginThreads, String, Callable)} with a deadline of its own, {@code timeoutMs}. */
    <T> T call(PluginThreads threads, String what, long timeoutMs, Callable<T> call) {
        String owner = threads.owner();
        AtomicBoolean abandoned = new AtomicBoolean();
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        long started = System.nanoTime();
        FutureTask<T> result = new FutureTask<>(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            try {
                return call.call();
            } finally {
                if (abandoned.get()) {
                    LOG.warn("{} returned from {} after {} ms, long after it was abandoned", owner, what,
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                }
            }
        });
        // The new thread takes the caller's context class loader: the plugin's, set by the caller.
        threads.newThread(result, owner.replace(' ', '-') + "-" + what).start();
        try {
            return result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandoned.set(true);
            result.cancel(true);
            LOG.error("{} did not return from {} within {} ms: the call is abandoned, its thread interrupted and "
                    + "left to end on its own", owner, what, timeoutMs);
            throw new Abandoned(capitalized(owner) + " did not return from " + what + " within " + timeoutMs
                    + " ms (fluxgate.connector.call.timeout.ms); the call was abandoned");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ConnectException(capitalized(owner) + " failed in " + what, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new ConnectException("Interrupted while waiting for " + owner + "'s " + what, e);
        }
    }

    /** The call did not return in time and was abandoned; already logged. */
    static final class Abandoned extends ConnectException {
        private static final long serialVersionUID = 1L;

        Abandoned(String message) {
            super(message);
        }
    }

    private static String capitalized(String owner) {
        return owner.isEmpty() ? owner : Character.toUpperCase(owner.charAt(0)) + owner.substring(1);
    }
}
