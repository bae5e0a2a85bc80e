package io.fluxgate.runtime.config;

import java.util.concurrent.Callable;

/**
 * How {@link ConnectorValidator} calls a connector's own {@code config()} and {@code validate()}: the worker's
 * implementation runs each on a thread of its own with {@code fluxgate.connector.call.timeout.ms} as its deadline, so
 * that a connector hung there answers its request at the deadline (docs/bulkheads.md).
 */
public interface ConnectorCalls {

    /** Calls on the caller's thread, with no deadline: for a validator whose caller bounds the wait itself. */
    ConnectorCalls DIRECT = new ConnectorCalls() {
        @Override
        public <T> T call(String connectorClass, String what, Callable<T> call) {
            try {
                return call.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /**
     * What {@code call} returns, made with the caller's context class loader (the connector's); what it throws,
     * rethrown. {@code what} names the call ({@code validate()}) in the error past the deadline.
     */
    <T> T call(String connectorClass, String what, Callable<T> call);
}
