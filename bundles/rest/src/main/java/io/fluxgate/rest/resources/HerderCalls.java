package io.fluxgate.rest.resources;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;

/** What every resource does with the herder: find it, and wait for an operation as Kafka Connect waits. */
public final class HerderCalls {

    /** As Kafka Connect: an operation that has not completed within 90 s answers 500. */
    static final long REQUEST_TIMEOUT_MS = 90_000;

    private HerderCalls() {
    }

    /** The herder, or 503 while the worker is starting. */
    public static Herder herder(Supplier<Optional<Herder>> herder) {
        return herder.get().orElseThrow(() -> new HerderException(503, "Worker is still starting up."));
    }

    /** The operation's result; its refusal rethrown as such, anything else as a 500. */
    public static <T> T await(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof HerderException refused) {
                throw refused;
            }
            throw new HerderException(500, String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new HerderException(500, "Request timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HerderException(500, "Request interrupted");
        }
    }
}
