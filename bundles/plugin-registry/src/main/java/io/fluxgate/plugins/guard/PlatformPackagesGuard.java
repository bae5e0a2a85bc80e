package io.fluxgate.plugins.guard;

import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No bundle may stand in for the platform: a package the system bundle exports (Kafka's, the Connect API, slf4j,
 * Jackson, the boot contract) is wired to the system bundle only, whatever version another bundle claims to export
 * (an operator installing a bundle through the Web Console, say). Apache Kafka Connect always takes
 * {@code org.apache.kafka.*} from the worker; plugins in plugins/ export nothing at all (see docs/plugin-class-loading.md),
 * and this keeps any other bundle from replacing what the platform's own bundles are wired to.
 */
@Component(service = ResolverHookFactory.class, immediate = true)
public final class PlatformPackagesGuard implements ResolverHookFactory {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformPackagesGuard.class);

    private final Set<String> platformPackages = new HashSet<>();
    private final Set<Long> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Activate
    public PlatformPackagesGuard(BundleContext context) {
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        for (BundleCapability export : system.adapt(BundleWiring.class)
                .getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            platformPackages.add((String) export.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE));
        }
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                if (!PackageNamespace.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
                    return;
                }
                for (Iterator<BundleCapability> it = candidates.iterator(); it.hasNext();) {
                    BundleCapability candidate = it.next();
                    Bundle provider = candidate.getRevision().getBundle();
                    String pkg = (String) candidate.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                    if (provider.getBundleId() != 0 && platformPackages.contains(pkg)) {
                        it.remove();
                        if (warned.add(provider.getBundleId())) {
                            LOG.warn("Bundle {} ({}) exports {}, which the platform provides: no bundle is wired "
                                    + "to its copy", provider.getSymbolicName(), provider.getLocation(), pkg);
                        }
                    }
                }
            }

            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton,
                    Collection<BundleCapability> collisionCandidates) {
            }

            @Override
            public void end() {
            }
        };
    }
}
