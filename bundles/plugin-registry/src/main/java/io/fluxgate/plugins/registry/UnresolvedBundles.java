package io.fluxgate.plugins.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

import io.fluxgate.api.plugins.PluginProblem;
import io.fluxgate.api.plugins.PluginProblem.Kind;

/**
 * Says which installed bundles cannot be resolved, and why: the mandatory requirements (a package to import, a
 * bundle to require...) that nothing in the framework provides. Asked when an operator looks, so it is always
 * current; a bundle whose requirements are all met is not listed even if nobody has resolved it yet.
 */
final class UnresolvedBundles {

    private final BundleContext context;

    UnresolvedBundles(BundleContext context) {
        this.context = context;
    }

    List<PluginProblem> problems() {
        List<PluginProblem> problems = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() == Bundle.INSTALLED && bundle.getHeaders("").get(Constants.FRAGMENT_HOST) == null) {
                List<String> missing = missingRequirements(bundle);
                if (!missing.isEmpty()) {
                    problems.add(new PluginProblem(bundle.getLocation(), Kind.NOT_RESOLVED, null, "Bundle "
                            + bundle.getSymbolicName() + " " + bundle.getVersion() + " cannot be resolved, so none of "
                            + "its classes can load: nothing provides " + missing, Instant.ofEpochMilli(
                                    bundle.getLastModified())));
                }
            }
        }
        return problems;
    }

    /** The filters of the mandatory requirements no installed bundle (or the platform) can satisfy. */
    List<String> missingRequirements(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        List<String> missing = new ArrayList<>();
        if (revision == null) {
            return missing;
        }
        for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
            boolean optional = Namespace.RESOLUTION_OPTIONAL.equals(
                    requirement.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE));
            boolean effective = Namespace.EFFECTIVE_RESOLVE.equals(requirement.getDirectives().getOrDefault(
                    Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE, Namespace.EFFECTIVE_RESOLVE));
            if (!optional && effective && wiring.findProviders(requirement).isEmpty()) {
                missing.add(requirement.getNamespace() + " " + requirement.getDirectives().get(
                        Namespace.REQUIREMENT_FILTER_DIRECTIVE));
            }
        }
        return missing;
    }
}
