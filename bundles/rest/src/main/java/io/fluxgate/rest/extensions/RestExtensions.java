package io.fluxgate.rest.extensions;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;
import org.glassfish.jersey.server.ResourceConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.worker.WorkerInfo;

/**
 * The REST extensions named by {@code rest.extension.classes}, in that order: each is created, configured with the
 * worker configuration and, once {@link #register registered}, closed with the server, as Kafka Connect does. Each runs
 * its {@code configure} and {@code register} with its own class loader as the thread's context class loader.
 */
public final class RestExtensions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestExtensions.class);

    private final List<ConnectRestExtension> extensions;

    private RestExtensions(List<ConnectRestExtension> extensions) {
        this.extensions = extensions;
    }

    /** No extension. */
    public static RestExtensions none() {
        return new RestExtensions(List.of());
    }

    /**
     * Creates and configures the extensions named {@code classNames}, found by {@code classes}.
     *
     * @throws RestExtensionException naming the first that cannot be loaded, created or configured; those already
     *         created are closed
     */
    public static RestExtensions load(List<String> classNames, ExtensionClasses classes, Map<String, ?> workerConfig)
            throws RestExtensionException {
        List<ConnectRestExtension> loaded = new ArrayList<>();
        try {
            for (String name : classNames) {
                if (!name.isBlank()) {
                    loaded.add(create(name.trim(), classes, workerConfig));
                }
            }
        } catch (RestExtensionException e) {
            new RestExtensions(loaded).close();
            throw e;
        }
        return new RestExtensions(List.copyOf(loaded));
    }

    /** Lets every extension register its resources and filters on {@code application}, before it starts. */
    public void register(ResourceConfig application, Supplier<Optional<Herder>> herder,
            Supplier<Optional<WorkerInfo>> worker) {
        ConnectRestExtensionContext context = new Context(new ExtensionConfigurable(application),
                new HerderClusterState(herder, worker));
        for (ConnectRestExtension extension : extensions) {
            withLoaderOf(extension, () -> extension.register(context));
            LOG.info("REST extension {} registered", extension.getClass().getName());
        }
    }

    public boolean isEmpty() {
        return extensions.isEmpty();
    }

    @Override
    public void close() {
        for (ConnectRestExtension extension : extensions) {
            try {
                extension.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Error while invoking close on {}", extension.getClass(), e);
            }
        }
    }

    private static ConnectRestExtension create(String name, ExtensionClasses classes, Map<String, ?> workerConfig)
            throws RestExtensionException {
        Class<? extends ConnectRestExtension> type;
        try {
            type = classes.load(name).asSubclass(ConnectRestExtension.class);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new RestExtensionException("REST extension " + name + " cannot be loaded: " + e, e);
        } catch (ClassCastException e) {
            throw new RestExtensionException("REST extension " + name + " is not a "
                    + ConnectRestExtension.class.getName(), e);
        }
        ConnectRestExtension extension;
        try {
            extension = type.getDeclaredConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new RestExtensionException("REST extension " + name + " cannot be created: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new RestExtensionException("REST extension " + name + " cannot be created: " + e, e);
        }
        try {
            withLoaderOf(extension, () -> extension.configure(workerConfig));
        } catch (RuntimeException e) {
            throw new RestExtensionException("REST extension " + name + " cannot be configured: " + e, e);
        }
        return extension;
    }

    private static void withLoaderOf(Object extension, Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(extension.getClass().getClassLoader());
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private record Context(ExtensionConfigurable configurable, HerderClusterState clusterState)
            implements ConnectRestExtensionContext {
    }
}
