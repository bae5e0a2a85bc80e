/**
 * The worker configuration: the keys of Apache Kafka Connect's worker properties that Fluxgate reads, with their
 * defaults and validators, plus Fluxgate's own {@code fluxgate.*} keys. The launcher validates the user's file
 * against these definitions before anything starts; the platform bundles read the same keys from the
 * configuration {@link io.fluxgate.boot.config.WorkerConfigKeys#PID} that the launcher publishes.
 */
@Export
@Version("1.5.0")
package io.fluxgate.boot.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
