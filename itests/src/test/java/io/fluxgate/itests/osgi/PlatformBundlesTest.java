package io.fluxgate.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.util.tracker.ServiceTracker;

import io.fluxgate.api.worker.WorkerInfo;
import io.fluxgate.boot.StartupMonitor;
import io.fluxgate.boot.config.WorkerConfigKeys;

/**
 * The platform bundles exactly as the distribution ships them (its {@code system/} directory), in a real Felix with
 * the system packages the launcher exports: every bundle resolves and starts, and once the worker configuration is
 * published every Declarative Services component is satisfied and active.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformBundlesTest {

    private static final long TIMEOUT_MS = 30_000;

    @Inject
    private BundleContext context;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] configuration() throws IOException {
        return ShippedPlatform.options().toArray(Option[]::new);
    }

    @Test
    public void everyPlatformBundleIsActive() throws IOException {
        List<String> notActive = new ArrayList<>();
        int platform = 0;
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (bundle.getLocation().contains("/system/")) {
                platform++;
                if (!fragment && bundle.getState() != Bundle.ACTIVE) {
                    notActive.add(bundle.getSymbolicName() + " state " + bundle.getState());
                }
            }
        }
        assertEquals("platform bundles installed", ShippedPlatform.bundles().size(), platform);
        assertTrue("the REST, runtime and API bundles are shipped", platform >= 9);
        assertEquals("bundles not active", List.of(), notActive);
    }

    @Test
    public void componentsAreActiveOnceTheWorkerConfigurationIsPublished() throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        context.registerService(StartupMonitor.class, failures::add, null);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Hashtable<String, Object> worker = new Hashtable<>();
        worker.put("bootstrap.servers", "127.0.0.1:1");
        worker.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("offset.storage.file.filename", "target/pax-offsets");
        worker.put("listeners", "http://127.0.0.1:" + port);
        worker.put(WorkerConfigKeys.MODE, "standalone");
        configAdmin.getConfiguration(WorkerConfigKeys.PID, "?").update(worker);

        ServiceTracker<WorkerInfo, WorkerInfo> workerInfo = new ServiceTracker<>(context, WorkerInfo.class, null);
        workerInfo.open();
        assertNotNull("WorkerInfo service", workerInfo.waitForService(TIMEOUT_MS));
        workerInfo.close();

        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        List<String> inactive;
        do {
            inactive = inactiveFluxgateComponents();
            if (inactive.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertEquals("components not active", List.of(), inactive);
        assertTrue("start-up failures reported: " + failures, failures.isEmpty());
    }

    private static final String DISTRIBUTED_HERDER = "io.fluxgate.runtime.distributed.DistributedHerder";

    /**
     * Fluxgate's components that are not ACTIVE (or, for a delayed service, SATISFIED), with their state; fails when
     * there are none at all.
     */
    private List<String> inactiveFluxgateComponents() {
        List<String> inactive = new ArrayList<>();
        int count = 0;
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!description.bundle.symbolicName.startsWith("fluxgate-")) {
                continue;
            }
            count++;
            if (description.name.equals(DISTRIBUTED_HERDER)) {
                continue; // a standalone worker: WorkerModeSelector enables the other mode's herder only
            }
            // A delayed service nobody uses yet (in standalone mode, the distributed stores and group membership)
            // is rightly SATISFIED: satisfied references, not built until asked for.
            boolean delayedService = !description.immediate && description.serviceInterfaces.length > 0;
            Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
            if (configurations.isEmpty()) {
                inactive.add(description.name + " has no configuration");
            }
            for (ComponentConfigurationDTO configuration : configurations) {
                boolean ready = configuration.state == ComponentConfigurationDTO.ACTIVE
                        || (delayedService && configuration.state == ComponentConfigurationDTO.SATISFIED);
                if (!ready) {
                    inactive.add(description.name + " state " + configuration.state);
                }
            }
        }
        assertFalse("no Fluxgate component found", count == 0);
        return inactive;
    }
}
