package io.fluxgate.runtime.distributed;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.connect.errors.ConnectException;

import io.fluxgate.api.herder.ConnectorTaskId;
import io.fluxgate.api.herder.ForwardRequestException;
import io.fluxgate.api.storage.ConfigSnapshot;
import io.fluxgate.api.storage.ConfigStore;
import io.fluxgate.cluster.Assignment;
import io.fluxgate.runtime.herder.HerderQueue;
import io.fluxgate.runtime.task.ProducerChecks;

/**
 * What an exactly-once source task asks of the herder on its own thread before it writes anything (Apache's
 * {@code DistributedHerder.startTask} for exactly-once sources): before its transactional producer exists, a round of
 * zombie fencing by the leader (this worker's {@link ZombieFencings} when it leads, else the leader's, asked over
 * {@link ZombieFencingRequest}); once the producer has been initialised, that the task is still of the connector's
 * current generation of task configurations and still assigned to this worker, after reading the config topic to its
 * end. A task that fails either check fails to start, writing nothing.
 */
final class ExactlyOnceTaskChecks {

    /** Apache reads the config topic "to the end, however long it takes"; a day stands for that, without overflow. */
    private static final Duration READ_TO_END = Duration.ofDays(1);

    private final HerderQueue queue;
    private final ZombieFencings fencings;
    private final ZombieFencingRequest requests;
    private final ConfigStore configs;
    private final Supplier<Assignment> assignment;

    ExactlyOnceTaskChecks(HerderQueue queue, ZombieFencings fencings, ZombieFencingRequest requests,
            ConfigStore configs, Supplier<Assignment> assignment) {
        this.queue = queue;
        this.fencings = fencings;
        this.requests = requests;
        this.configs = configs;
        this.assignment = assignment;
    }

    /**
     * The checks of a task instance about to be built, on the herder thread: the connector's task-config generation
     * now is the one the task must still be of once its producer is initialised.
     */
    ProducerChecks forTask(ConnectorTaskId task) {
        int generation = configs.snapshot().taskConfigGeneration(task.connector());
        return new ProducerChecks(() -> fenceZombies(task), () -> verifyGenerationAndOwnership(task, generation));
    }

    /** Before the task's producer is created: returns once the previous generation's producers are fenced. */
    void fenceZombies(ConnectorTaskId task) {
        String connector = task.connector();
        CompletableFuture<Void> fenced = queue.submit(() -> fencings.fence(connector))
                .thenCompose(round -> round)
                .exceptionallyCompose(error -> {
                    if (unwrap(error) instanceof ForwardRequestException notLeader) {
                        String leader = notLeader.targetUrl().orElseThrow(() -> new ConnectException(
                                "No leader is known to perform zombie fencing for " + connector));
                        ConfigSnapshot snapshot = configs.snapshot();
                        return requests.send(leader, connector, snapshot.sessionKey(),
                                snapshot.taskConfigGeneration(connector));
                    }
                    return CompletableFuture.failedFuture(unwrap(error));
                });
        await(fenced, "Failed to perform round of zombie fencing");
    }

    /**
     * After the task's producer was initialised (which fenced any earlier instance of the same task): the task is
     * still of {@code generation} and still this worker's.
     */
    void verifyGenerationAndOwnership(ConnectorTaskId task, int generation) {
        try {
            configs.refresh(READ_TO_END);
        } catch (TimeoutException | RuntimeException e) {
            throw new ConnectException("Failed to read to end of config topic", e);
        }
        await(queue.submit(() -> {
            if (configs.snapshot().taskConfigGeneration(task.connector()) != generation) {
                throw new ConnectException("Cannot start source task " + task + " with exactly-once support as the "
                        + "connector has already generated a new set of task configs");
            }
            Assignment current = assignment.get();
            if (current == null || !current.tasks().contains(task)) {
                throw new ConnectException("Cannot start source task " + task
                        + " as it has already been revoked from this worker");
            }
            return null;
        }), "Failed to perform preflight check for task " + task);
    }

    private static void await(CompletableFuture<?> stage, String failure) {
        try {
            stage.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted: " + failure, e);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e.getCause());
            throw cause instanceof ConnectException connect ? connect
                    : new ConnectException(failure + ": " + cause.getMessage(), cause);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
