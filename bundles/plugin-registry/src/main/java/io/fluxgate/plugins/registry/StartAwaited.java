package io.fluxgate.plugins.registry;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Whether the new revision of an updated bundle is final yet. FileInstall updates a bundle, then refreshes it, then
 * starts it; the framework's own purge after the update lets anyone resolve the new revision in between, and the
 * refresh then discards that class loader for another. A revision resolved while a start is still to come may be such
 * an intermediate one; the start is what ends the update (Felix also starts a bundle it updates or refreshes only after
 * the refresh). A bundle nobody will start is final once resolved.
 */
final class StartAwaited {

    private StartAwaited() {
    }

    /** True while a start of {@code bundle} is to be expected: persistently started, at a reached start level. */
    static boolean by(Bundle bundle, BundleContext context) {
        if (bundle.getState() == Bundle.ACTIVE) {
            return false;
        }
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        FrameworkStartLevel framework = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION)
                .adapt(FrameworkStartLevel.class);
        return level != null && framework != null && level.isPersistentlyStarted()
                && level.getStartLevel() <= framework.getStartLevel();
    }

    /** True for the events that end a start attempt: started, lazily activated, or stopped again after a failure. */
    static boolean ends(BundleEvent event) {
        return event != null && (event.getType() == BundleEvent.STARTED || event.getType() == BundleEvent.STOPPED
                || event.getType() == BundleEvent.LAZY_ACTIVATION);
    }
}
