package io.fluxgate.runtime.errors;

import java.util.concurrent.CompletableFuture;

/** Told each failed record (a log line, a dead letter queue...). */
public interface ErrorReporter<T> extends AutoCloseable {

    /** Reports a failed record; the future completes once the report is durable (a DLQ write acknowledged). */
    CompletableFuture<Void> report(ProcessingContext<T> context);

    @Override
    default void close() {
    }

    static CompletableFuture<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
