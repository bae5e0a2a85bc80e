package io.fluxgate.plugins;

import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The packages the system bundle exports: kafka-clients, connect-api, connect-json, connect-transforms, Kafka's
 * runtime converters, slf4j and the JDK, as the launcher configured them. They are what every plugin shares with the
 * platform; everything else on the launcher's class path (the embedded broker, Jackson, Scala) is not.
 */
public final class PlatformPackages {

    private PlatformPackages() {
    }

    public static Bundle systemBundle(BundleContext context) {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
    }

    /** Read from the system bundle's wiring, so it is exactly what the framework offers to bundles. */
    public static Set<String> exportedBy(Bundle systemBundle) {
        Set<String> packages = new HashSet<>();
        BundleWiring wiring = systemBundle.adapt(BundleWiring.class);
        for (BundleCapability export : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            packages.add((String) export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
        return Set.copyOf(packages);
    }

    /** The package of a class, "" for the default package. */
    public static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }
}
