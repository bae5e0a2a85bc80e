package io.fluxgate.api.worker;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** The running worker, as the REST API's root and health endpoints report it. */
@ProviderType
public interface WorkerInfo {

    /** The id of the Kafka cluster the worker serves, once it has been read from the cluster. */
    Optional<String> kafkaClusterId();

    /** Whether the worker is ready to handle requests. */
    WorkerHealth health();
}
