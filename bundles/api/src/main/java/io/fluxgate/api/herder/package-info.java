/**
 * The control plane: which connectors exist, their configurations and states, and the operations on them. The REST
 * API and the Web Console translate requests into these calls; standalone and distributed mode implement them.
 * The records mirror Kafka Connect's REST entities field for field.
 */
@Export
@Version("1.4.0")
package io.fluxgate.api.herder;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
