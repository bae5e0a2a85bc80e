package io.fluxgate.console;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.fluxgate.api.herder.ForwardRequestException;
import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;

/**
 * The page's buttons, as the REST API does them through the same herder: pause, resume, restart (the connector and
 * its tasks, as {@code POST /connectors/{c}/restart?includeTasks=true}) and delete.
 */
final class ConnectorActions {

    /** As long as the REST API waits for the herder. */
    private static final long TIMEOUT_SECONDS = 90;

    /** What an action came to: an HTTP status and a message for the operator. */
    record Outcome(int status, String message) {
    }

    private ConnectorActions() {
    }

    static Outcome run(Herder herder, String action, String connector) {
        if (herder == null) {
            return new Outcome(503, "The worker is starting or stopping: try again");
        }
        if (connector == null || connector.isBlank()) {
            return new Outcome(400, "No connector named");
        }
        try {
            CompletionStage<?> done = switch (action == null ? "" : action) {
                case "pause" -> herder.pauseConnector(connector);
                case "resume" -> herder.resumeConnector(connector);
                case "restart" -> herder.restartConnectorAndTasks(connector, false, true);
                case "delete" -> herder.deleteConnector(connector);
                default -> null;
            };
            if (done == null) {
                return new Outcome(400, "Unknown action " + action);
            }
            done.toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return new Outcome(200, "Connector " + connector + ": " + action + " done");
        } catch (ExecutionException e) {
            return failure(e.getCause());
        } catch (TimeoutException e) {
            return new Outcome(504, "Connector " + connector + ": " + action + " did not complete within "
                    + TIMEOUT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(503, "Interrupted");
        } catch (RuntimeException e) {
            return failure(e);
        }
    }

    private static Outcome failure(Throwable cause) {
        if (cause instanceof ForwardRequestException forward) {
            return new Outcome(409, forward.getMessage() + forward.targetUrl().map(url -> " (" + url + ")")
                    .orElse(""));
        }
        if (cause instanceof HerderException herder) {
            return new Outcome(herder.status(), herder.getMessage());
        }
        return new Outcome(500, String.valueOf(cause.getMessage()));
    }
}
