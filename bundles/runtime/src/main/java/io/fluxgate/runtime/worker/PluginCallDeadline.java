package io.fluxgate.runtime.worker;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into plugin code that the herder needs an answer to, such as {@code Connector.taskConfigs()}, on a worker
 * thread of their own with a deadline, so that a plugin hung in one costs only its own connector: past the deadline
 * the call is abandoned (its thread interrupted and left to finish, or not, on its own) and the caller gets a
 * {@link ConnectException} saying which call hung and for how long, which fails that connector.
 */
final class PluginCallDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(PluginCallDeadline.class);

    private final ExecutorService threads;
    private final long timeoutMs;

    PluginCallDeadline(ExecutorService threads, long timeoutMs) {
        this.threads = threads;
        this.timeoutMs = timeoutMs;
    }

    /**
     * The result of {@code call}, made for {@code owner} (names it in the failure) as {@code what}
     * ({@code taskConfigs()}...); what it throws, rethrown (an {@link Error} of the plugin wrapped, so that it fails
     * the connector rather than the herder).
     */
    <T> T call(String owner, String what, Callable<T> call) {
        Future<T> result = threads.submit(() -> {
            Thread thread = Thread.currentThread();
            String name = thread.getName();
            thread.setName(owner + "-" + what);
            try {
                return call.call();
            } finally {
                thread.setName(name);
            }
        });
        try {
            return result.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            LOG.error("{} did not return from {} within {} ms: the call is abandoned, its thread interrupted and "
                    + "left to end on its own", owner, what, timeoutMs);
            throw new ConnectException(owner + " did not return from " + what + " within " + timeoutMs
                    + " ms (fluxgate.connector.call.timeout.ms); the call was abandoned");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ConnectException(owner + " failed in " + what, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new ConnectException("Interrupted while waiting for " + owner + "'s " + what, e);
        }
    }
}
