/**
 * Logger levels changed while the worker runs ({@code /admin/loggers}). Logging is the launcher's (logback on its
 * class path); bundles see only slf4j, so the launcher registers a {@link io.fluxgate.boot.logging.LoggerLevels}
 * service in the system bundle's context and the REST bundle uses it when it is there.
 */
@Export
@Version("1.0.0")
package io.fluxgate.boot.logging;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
