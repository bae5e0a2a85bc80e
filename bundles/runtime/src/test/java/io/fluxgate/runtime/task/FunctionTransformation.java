package io.fluxgate.runtime.task;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/** A transformation given as a function: filters (null), reroutes, or lets the test act as a record goes by. */
final class FunctionTransformation implements Transformation<SourceRecord> {

    private final UnaryOperator<SourceRecord> function;
    volatile boolean closed;

    private FunctionTransformation(UnaryOperator<SourceRecord> function) {
        this.function = function;
    }

    /** Filters out the records with one of these values, as a Filter SMT under a predicate would. */
    static FunctionTransformation dropping(String... values) {
        Set<String> dropped = Set.of(values);
        return new FunctionTransformation(record -> dropped.contains(record.value()) ? null : record);
    }

    static FunctionTransformation rerouting(String topic) {
        return new FunctionTransformation(record -> record.newRecord(topic, record.kafkaPartition(),
                record.keySchema(), record.key(), record.valueSchema(), record.value(), record.timestamp(),
                record.headers()));
    }

    /** Runs {@code action} on each record, which passes unchanged. */
    static FunctionTransformation peeking(Consumer<SourceRecord> action) {
        return new FunctionTransformation(record -> {
            action.accept(record);
            return record;
        });
    }

    @Override
    public SourceRecord apply(SourceRecord record) {
        return function.apply(record);
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
        closed = true;
    }
}
