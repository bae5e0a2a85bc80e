package io.fluxgate.rest;

/**
 * What the REST server reads from the worker configuration (ConfigAdmin PID
 * {@value io.fluxgate.boot.config.WorkerConfigKeys#PID}, Kafka Connect's keys, values as strings). The launcher has
 * already validated it against {@link io.fluxgate.boot.config.WorkerConfigDef}, which owns the setting's
 * documentation; no metatype is declared here because this component reads only one key of that shared PID.
 */
public @interface RestServerConfig {

    /**
     * Kafka Connect's {@code listeners}: {@code http://host:port} entries separated by commas (also accepted as
     * several values); an empty host binds every interface.
     */
    String[] listeners() default "http://:8083";
}
