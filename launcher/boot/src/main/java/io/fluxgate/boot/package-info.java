/** The start-up handshake between the launcher and the platform bundles (1.2: {@link io.fluxgate.boot.FrameworkProperties}). */
@Export
@Version("1.2.0")
package io.fluxgate.boot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
