package io.fluxgate.runtime.mode;


import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

import io.fluxgate.boot.config.WorkerConfigDefaults;
import io.fluxgate.boot.config.WorkerConfigKeys;
import io.fluxgate.boot.config.WorkerMode;
import io.fluxgate.runtime.distributed.DistributedHerderComponent;
import io.fluxgate.runtime.standalone.StandaloneHerderComponent;

/**
 * Enables the herder of the worker's mode ({@code fluxgate.mode}, set by the launcher): the standalone herder in
 * standalone mode, the distributed herder in distributed mode. Declarative Services cannot select a component by a
 * configuration value, hence this switch.
 */
@Component(immediate = true, service = {}, configurationPid = WorkerConfigKeys.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class WorkerModeSelector {

    private String enabled;

    /** The one setting this component reads. */
    @interface Config {
        /** {@code fluxgate.mode}: {@link WorkerMode#key()}. */
        String fluxgate_mode() default WorkerConfigDefaults.MODE;
    }

    @Activate
    void activate(ComponentContext context, Config config) {
        enabled = WorkerMode.fromKey(config.fluxgate_mode()) == WorkerMode.DISTRIBUTED ? DistributedHerderComponent.NAME
                : StandaloneHerderComponent.NAME;
        context.enableComponent(enabled);
    }

    /**
     * Disables the herder when the worker configuration goes away, not when the bundle stops: SCR then disposes every
     * component itself, the herder included (which stops its tasks), whereas a component disabled while the bundle
     * stops is never deactivated, in whichever order SCR takes them.
     */
    @Deactivate
    void deactivate(ComponentContext context) {
        if (enabled != null && context.getBundleContext().getBundle().getState() == Bundle.ACTIVE) {
            context.disableComponent(enabled);
        }
    }
}
