package io.fluxgate.storage.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Assertions;

public final class Await {

    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                Assertions.fail("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted");
            }
        }
    }
}
