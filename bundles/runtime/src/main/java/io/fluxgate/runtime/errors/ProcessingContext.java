package io.fluxgate.runtime.errors;

/**
 * One record's passage through the converters and transformations: the original record (a consumer record for
 * sinks, a source record for sources), and where and how its processing failed, if it did.
 *
 * @param <T> the original record's type
 */
public final class ProcessingContext<T> {

    private final T original;
    private Stage stage;
    private Class<?> executingClass;
    private int attempt;
    private Throwable error;

    public ProcessingContext(T original) {
        this.original = original;
    }

    public T original() {
        return original;
    }

    public Stage stage() {
        return stage;
    }

    public Class<?> executingClass() {
        return executingClass;
    }

    public int attempt() {
        return attempt;
    }

    public Throwable error() {
        return error;
    }

    /** True once an operation on this record failed (the record is then dropped, or the task fails). */
    public boolean failed() {
        return error != null;
    }

    void position(Stage stage, Class<?> executingClass) {
        this.stage = stage;
        this.executingClass = executingClass;
    }

    void attempt(int attempt) {
        this.attempt = attempt;
    }

    void error(Throwable error) {
        this.error = error;
    }
}
