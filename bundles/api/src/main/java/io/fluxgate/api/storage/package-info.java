/**
 * Where a worker keeps its state: connector and task configurations ({@link io.fluxgate.api.storage.ConfigStore}),
 * source offsets ({@link io.fluxgate.api.storage.OffsetBackingStore}) and statuses
 * ({@link io.fluxgate.api.storage.StatusStore}). A standalone worker keeps offsets in a file; a distributed worker
 * keeps all three in Kafka Connect's compacted internal topics, in Apache Kafka Connect's own record format, opened
 * through the {@link io.fluxgate.api.storage.DistributedStoreFactory} service.
 *
 * <p>The interfaces follow Apache Kafka Connect's {@code ConfigBackingStore}, {@code OffsetBackingStore} and
 * {@code StatusBackingStore}, without their "visible for testing" hooks and their single update listener. Since 1.2
 * the config store has what exactly-once source support (KIP-618) needs of it: task count records, the task
 * configuration generation and "pending fencing" in the {@link io.fluxgate.api.storage.ConfigSnapshot}, and the
 * leader's privileged, transactional writes ({@link io.fluxgate.api.storage.ConfigStore#claimWritePrivileges()},
 * {@link io.fluxgate.api.storage.PrivilegedWriteException}). Since 1.3 the stores open a source connector's own offsets
 * topic ({@link io.fluxgate.api.storage.DistributedStores#connectorOffsets}).
 */
@Export
@Version("1.3.0")
package io.fluxgate.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
