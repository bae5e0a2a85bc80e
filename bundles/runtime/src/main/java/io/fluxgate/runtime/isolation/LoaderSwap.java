package io.fluxgate.runtime.isolation;

/**
 * Sets the thread context class loader to a plugin's loader for the length of a try-with-resources block, as Kafka
 * Connect does around every call into a plugin: plugins find their own resources and services through it.
 */
public final class LoaderSwap implements AutoCloseable {

    private final Thread thread;
    private final ClassLoader saved;

    private LoaderSwap(Thread thread, ClassLoader saved) {
        this.thread = thread;
        this.saved = saved;
    }

    public static LoaderSwap to(ClassLoader loader) {
        Thread current = Thread.currentThread();
        ClassLoader saved = current.getContextClassLoader();
        if (saved != loader) {
            current.setContextClassLoader(loader);
        }
        return new LoaderSwap(current, saved);
    }

    @Override
    public void close() {
        if (thread.getContextClassLoader() != saved) {
            thread.setContextClassLoader(saved);
        }
    }
}
