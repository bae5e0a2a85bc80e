package io.fluxgate.launcher;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the plugin deployer (FileInstall: the bundles of the last start level) in a thread of its own as soon as
 * the platform's plugin transformer is registered, rather than once every platform bundle has started: deploying
 * plugins/ (installing, resolving and reading every plugin bundle) then overlaps the start of the REST server and of
 * the runtime, on the other core. FileInstall deploys its directories once, synchronously, as it starts
 * ({@code noInitialDelay}), so the start returning means plugins/ is deployed. Without a transformer (a platform that
 * failed) the deployer starts after the platform, as a last start level would.
 */
final class DeployerStart {

    private static final Logger LOG = LoggerFactory.getLogger(DeployerStart.class);
    /** What FileInstall needs before its first scan: Fluxgate's transformer of plain plugin jars. */
    private static final String READY_FILTER = "(objectClass=org.apache.felix.fileinstall.ArtifactTransformer)";

    private final BundleContext context;
    private final List<Bundle> deployers;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final ServiceListener readiness = event -> {
        if (event.getType() == ServiceEvent.REGISTERED) {
            ready.countDown();
        }
    };
    private CompletableFuture<Void> started = CompletableFuture.completedFuture(null);

    DeployerStart(BundleContext context, List<Bundle> deployers) {
        this.context = context;
        this.deployers = List.copyOf(deployers);
    }

    /** Starts waiting for the transformer; call before the platform bundles start. */
    void begin() throws LaunchException {
        if (deployers.isEmpty()) {
            return;
        }
        try {
            context.addServiceListener(readiness, READY_FILTER);
            if (context.getServiceReferences((String) null, READY_FILTER) != null) {
                ready.countDown();
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        started = CompletableFuture.runAsync(this::startDeployers, runnable -> {
            Thread thread = new Thread(runnable, "fluxgate-plugin-deployer-start");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** The platform bundles have all started: the deployer starts now if it has not yet. */
    void platformStarted() {
        ready.countDown();
    }

    /** True once the deployer has started, so that plugins/ is deployed. */
    boolean done() {
        return started.isDone();
    }

    /** Waits until the deployer has started, so that plugins/ is deployed. */
    void await(long timeoutMs) throws LaunchException {
        try {
            started.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while deploying plugins/", e);
        } catch (ExecutionException e) {
            throw new LaunchException("The plugin deployer did not start: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new LaunchException("plugins/ was not deployed within " + timeoutMs + " ms", e);
        } finally {
            context.removeServiceListener(readiness);
        }
    }

    private void startDeployers() {
        try {
            ready.await();
            long begun = System.nanoTime();
            for (Bundle deployer : deployers) {
                // Transient: the launcher starts it at every launch; its start level is never raised to.
                deployer.start(Bundle.START_TRANSIENT);
            }
            LOG.debug("Plugin deployer started, plugins/ deployed, in {} ms", (System.nanoTime() - begun) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (BundleException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
