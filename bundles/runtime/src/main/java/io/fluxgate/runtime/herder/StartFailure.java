package io.fluxgate.runtime.herder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.boot.StartupMonitor;

/**
 * A herder that cannot start leaves the worker useless, as Kafka Connect's worker exits when its herder cannot
 * start: the failure is logged and reported to the launcher's {@link StartupMonitor}, which stops everything and
 * exits 1 with the message as its one line, rather than the worker staying up unhealthy for ever.
 */
public final class StartFailure {

    private static final Logger LOG = LoggerFactory.getLogger(StartFailure.class);

    private StartFailure() {
    }

    /**
     * @param worker  what could not start, as the user reads it ("The standalone worker")
     * @param monitor the launcher's monitor, null without a launcher (tests)
     * @return {@code e}, for the caller to throw
     */
    public static RuntimeException report(String worker, RuntimeException e, StartupMonitor monitor) {
        LOG.error("{} cannot start: {}", worker, e.getMessage(), e);
        if (monitor != null) {
            monitor.failed(worker + " cannot start: " + e.getMessage());
        }
        return e;
    }
}
