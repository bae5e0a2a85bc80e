/** What the worker tells about itself: its readiness and the Kafka cluster it serves. */
@Export
@Version("1.0.0")
package io.fluxgate.api.worker;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
