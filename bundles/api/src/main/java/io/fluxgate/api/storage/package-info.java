/**
 * Where a worker keeps its state: connector and task configurations ({@link io.fluxgate.api.storage.ConfigStore}),
 * source offsets ({@link io.fluxgate.api.storage.OffsetBackingStore}) and statuses
 * ({@link io.fluxgate.api.storage.StatusStore}). A standalone worker keeps offsets in a file; a distributed worker
 * keeps all three in Kafka Connect's compacted internal topics, in Apache Kafka Connect's own record format, opened
 * through the {@link io.fluxgate.api.storage.DistributedStoreFactory} service.
 *
 * <p>The interfaces follow Apache Kafka Connect's {@code ConfigBackingStore}, {@code OffsetBackingStore} and
 * {@code StatusBackingStore}, without their exactly-once fencing, their "visible for testing" hooks and their
 * single update listener.
 */
@Export
@Version("1.1.0")
package io.fluxgate.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
