package io.fluxgate.runtime.transforms;

import java.util.List;

import org.apache.kafka.connect.connector.ConnectRecord;
import io.fluxgate.runtime.errors.ProcessingContext;
import io.fluxgate.runtime.errors.RetryWithToleranceOperator;
import io.fluxgate.runtime.errors.Stage;
import io.fluxgate.runtime.isolation.PluginCloser;

/**
 * The transformations of a connector, in the order of {@code transforms}, each under the error handling of the task:
 * a record that a stage filters out (null) or that fails within tolerance goes no further.
 *
 * @param <T> the type of the original records (for error reports)
 * @param <R> the type of the records transformed
 */
public final class TransformationChain<T, R extends ConnectRecord<R>> implements AutoCloseable {

    private final List<TransformationStage<R>> stages;
    private final RetryWithToleranceOperator<T> operator;
    private final PluginCloser closer;

    /** A chain whose transformations and predicates are closed on the caller's thread. */
    public TransformationChain(List<TransformationStage<R>> stages, RetryWithToleranceOperator<T> operator) {
        this(stages, operator, PluginCloser.DIRECT);
    }

    /** @param closer closes each stage's transformation and predicate: the worker's gives each a deadline */
    public TransformationChain(List<TransformationStage<R>> stages, RetryWithToleranceOperator<T> operator,
            PluginCloser closer) {
        this.stages = List.copyOf(stages);
        this.operator = operator;
        this.closer = closer;
    }

    /** The transformed record, or null when it was filtered out or failed (see the context). */
    public R apply(ProcessingContext<T> context, R record) {
        R current = record;
        for (TransformationStage<R> stage : stages) {
            R input = current;
            current = operator.execute(context, () -> stage.apply(input), Stage.TRANSFORMATION,
                    stage.transformationClass());
            if (current == null) {
                break;
            }
        }
        return current;
    }

    public boolean isEmpty() {
        return stages.isEmpty();
    }

    /** Closes every stage; one that throws or hangs does not keep the others open. */
    @Override
    public void close() {
        for (TransformationStage<R> stage : stages) {
            closer.close("close() of transformation " + stage, stage);
        }
    }
}
