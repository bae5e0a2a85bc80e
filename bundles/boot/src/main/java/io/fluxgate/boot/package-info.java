/** The start-up handshake between the launcher and the platform bundles. */
@Export
@Version("1.1.0")
package io.fluxgate.boot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
