package io.fluxgate.runtime.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.config.ToleranceType;

class RetryWithToleranceOperatorTest {

    @Test
    void toleranceNoneFailsOnTheFirstError() {
        RetryWithToleranceOperator<String> operator = RetryWithToleranceOperator.none();
        ProcessingContext<String> context = new ProcessingContext<>("record");
        DataException cause = new DataException("bad");
        ConnectException e = assertThrows(ConnectException.class, () -> operator.execute(context, () -> {
            throw cause;
        }, Stage.VALUE_CONVERTER, String.class));
        assertEquals("Tolerance exceeded in error handler", e.getMessage());
        assertSame(cause, e.getCause());
    }

    @Test
    void toleranceAllSkipsTheRecordAndReportsIt() {
        RetryWithToleranceOperator<String> operator = new RetryWithToleranceOperator<>(0, 0, ToleranceType.ALL);
        List<ProcessingContext<String>> reported = new ArrayList<>();
        operator.addReporter(context -> {
            reported.add(context);
            return CompletableFuture.completedFuture(null);
        });
        ProcessingContext<String> context = new ProcessingContext<>("record");
        assertNull(operator.execute(context, () -> {
            throw new DataException("bad");
        }, Stage.TRANSFORMATION, Integer.class));
        assertTrue(context.failed());
        assertEquals(List.of(context), reported);
        assertEquals(Stage.TRANSFORMATION, context.stage());
        assertEquals(Integer.class, context.executingClass());
        assertNull(operator.execute(context, () -> "later stages are skipped", Stage.KEY_CONVERTER, String.class));
    }

    @Test
    void retriesRetriableFailuresWithinTheTimeout() {
        RetryWithToleranceOperator<String> operator = new RetryWithToleranceOperator<>(5_000, 10, ToleranceType.NONE);
        AtomicInteger attempts = new AtomicInteger();
        ProcessingContext<String> context = new ProcessingContext<>("record");
        String result = operator.execute(context, () -> {
            if (attempts.incrementAndGet() < 3) {
                throw new RetriableException("not yet");
            }
            return "done";
        }, Stage.KEY_CONVERTER, String.class);
        assertEquals("done", result);
        assertEquals(3, context.attempt());
        assertFalse(context.failed());
    }

    @Test
    void givesUpRetryingAfterTheTimeout() {
        RetryWithToleranceOperator<String> operator = new RetryWithToleranceOperator<>(200, 50, ToleranceType.ALL);
        ProcessingContext<String> context = new ProcessingContext<>("record");
        long started = System.currentTimeMillis();
        assertNull(operator.execute(context, () -> {
            throw new RetriableException("never");
        }, Stage.KEY_CONVERTER, String.class));
        long took = System.currentTimeMillis() - started;
        assertTrue(took >= 200 && took < 3_000, "took " + took + " ms");
        assertTrue(context.failed());
    }
}
