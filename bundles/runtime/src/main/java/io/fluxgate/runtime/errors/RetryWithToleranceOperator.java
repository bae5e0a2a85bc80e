package io.fluxgate.runtime.errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.runtime.config.ToleranceType;
import io.fluxgate.runtime.metrics.ErrorMetrics;

/**
 * Runs the operations on a record (conversion, transformation) with Kafka Connect's error handling: retriable
 * failures are retried with exponential backoff for up to {@code errors.retry.timeout} ms (-1: for ever), each delay
 * capped by {@code errors.retry.delay.max.ms}; then a failure fails the task ({@code errors.tolerance=none}) or drops
 * the record ({@code all}) after telling the reporters (log, dead letter queue).
 *
 * @param <T> the type of the original records
 */
public final class RetryWithToleranceOperator<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetryWithToleranceOperator.class);
    static final long RETRIES_DELAY_MIN_MS = 300;

    private final long retryTimeoutMs;
    private final long maxDelayMs;
    private final ToleranceType tolerance;
    private final List<ErrorReporter<T>> reporters = new ArrayList<>();
    private volatile boolean stopping;
    private long totalFailures;
    private final ErrorMetrics metrics;

    public RetryWithToleranceOperator(long retryTimeoutMs, long maxDelayMs, ToleranceType tolerance) {
        this(retryTimeoutMs, maxDelayMs, tolerance, null);
    }

    /** @param metrics the task's error metrics; null records none */
    public RetryWithToleranceOperator(long retryTimeoutMs, long maxDelayMs, ToleranceType tolerance,
            ErrorMetrics metrics) {
        this.metrics = metrics;
        this.retryTimeoutMs = retryTimeoutMs;
        this.maxDelayMs = maxDelayMs;
        this.tolerance = tolerance;
    }

    /** An operator that retries nothing and tolerates nothing: every failure fails the task. */
    public static <T> RetryWithToleranceOperator<T> none() {
        return new RetryWithToleranceOperator<>(0, 0, ToleranceType.NONE);
    }

    public void addReporter(ErrorReporter<T> reporter) {
        reporters.add(reporter);
    }

    public ToleranceType tolerance() {
        return tolerance;
    }

    /**
     * Runs {@code operation} for the record of {@code context}. Returns its result, or null if it failed and the
     * failure is tolerated ({@link ProcessingContext#failed()} then says so); throws {@link ConnectException}
     * ("Tolerance exceeded in error handler") if it is not. Once a context has failed, later stages are skipped.
     */
    public <V> V execute(ProcessingContext<T> context, Callable<V> operation, Stage stage, Class<?> executingClass) {
        if (context.failed()) {
            return null;
        }
        context.position(stage, executingClass);
        try {
            return callWithRetries(context, operation);
        } catch (Exception e) {
            return handle(context, e);
        }
    }

    /**
     * Reports a failure that happened outside {@link #execute} (a failed produce, an errant record); returns the
     * reporters' futures, or throws as {@link #execute} when the failure is not tolerated.
     */
    public List<CompletableFuture<Void>> executeFailed(ProcessingContext<T> context, Stage stage, Class<?> executingClass,
            Throwable error) {
        context.position(stage, executingClass);
        return fail(context, error);
    }

    private <V> V handle(ProcessingContext<T> context, Throwable error) {
        fail(context, error);
        return null;
    }

    private List<CompletableFuture<Void>> fail(ProcessingContext<T> context, Throwable error) {
        synchronized (this) {
            totalFailures++;
        }
        if (metrics != null) {
            metrics.recordFailure();
        }
        context.error(error);
        List<CompletableFuture<Void>> reports = report(context);
        if (tolerance == ToleranceType.NONE) {
            if (metrics != null) {
                metrics.recordError();
            }
            throw new ConnectException("Tolerance exceeded in error handler", error);
        }
        if (metrics != null) {
            metrics.recordSkipped();
        }
        return reports;
    }

    /** Reports a failed record to every reporter; the futures complete once the reports are durable. */
    public List<CompletableFuture<Void>> report(ProcessingContext<T> context) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(reporters.size());
        for (ErrorReporter<T> reporter : reporters) {
            try {
                futures.add(reporter.report(context));
            } catch (RuntimeException e) {
                LOG.error("Error reporter {} failed to report an error", reporter.getClass().getName(), e);
            }
        }
        return futures;
    }

    private <V> V callWithRetries(ProcessingContext<T> context, Callable<V> operation) throws Exception {
        long deadline = 0; // read the clock only once something failed: this runs several times per record
        int attempt = 0;
        while (true) {
            attempt++;
            context.attempt(attempt);
            try {
                return operation.call();
            } catch (RetriableException | org.apache.kafka.common.errors.RetriableException e) {
                if (deadline == 0) {
                    deadline = retryTimeoutMs < 0 ? Long.MAX_VALUE : System.currentTimeMillis() + retryTimeoutMs;
                }
                if (stopping || System.currentTimeMillis() >= deadline) {
                    throw e;
                }
                LOG.trace("Retrying {} with {} after a retriable failure", context.stage(), context.executingClass());
                if (metrics != null) {
                    metrics.recordFailure();
                    metrics.recordRetry();
                }
                backoff(attempt, deadline);
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
            }
        }
    }

    private void backoff(int attempt, long deadline) {
        long delay = RETRIES_DELAY_MIN_MS << Math.min(attempt - 1, 30);
        if (delay > maxDelayMs) {
            // past the cap, jitter spreads the retries of many tasks (thundering herd)
            delay = ThreadLocalRandom.current().nextLong(Math.max(maxDelayMs, 1));
        }
        delay = Math.min(delay, deadline - System.currentTimeMillis());
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Failures seen so far (tolerated or not). */
    public synchronized long totalFailures() {
        return totalFailures;
    }

    /** Stops retrying: a stopping task must not sit in a backoff. */
    public void stopRetrying() {
        stopping = true;
    }

    @Override
    public void close() {
        for (ErrorReporter<T> reporter : reporters) {
            try {
                reporter.close();
            } catch (RuntimeException e) {
                LOG.warn("Could not close error reporter {}", reporter.getClass().getName(), e);
            }
        }
    }
}
