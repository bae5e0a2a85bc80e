package io.fluxgate.boot;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The launcher's ear during start-up.
 *
 * <p>The launcher registers one instance as a service of the system bundle before any platform bundle starts. A
 * platform component that cannot do its part, in a way that leaves the worker useless (its REST listener is taken,
 * its configuration is refused), calls {@link #failed}; the launcher then stops the framework and exits with status 1,
 * printing the message as the one line the user reads. Nothing is left half-started.
 */
@ProviderType
public interface StartupMonitor {

    /** Reports that start-up cannot complete; {@code message} is one line that names the problem. */
    void failed(String message);

    /**
     * True once every start level has been reached: the platform bundles are up and plugins/ has been deployed, so
     * the worker can be called healthy. A monitor that does not track it (a test) says true.
     */
    default boolean startupComplete() {
        return true;
    }

    /**
     * True once plugins/ (and every plugin.path directory) has been deployed as the worker starts, which happens
     * beside the platform's own start: a plugin not installed by then is not there. A monitor that does not track it
     * (a test) says true.
     *
     * @since 1.2
     */
    default boolean pluginsDeployed() {
        return startupComplete();
    }
}
