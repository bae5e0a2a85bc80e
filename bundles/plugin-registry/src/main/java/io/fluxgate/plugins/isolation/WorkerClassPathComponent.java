package io.fluxgate.plugins.isolation;

import java.io.IOException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.fluxgate.boot.FrameworkProperties;

/**
 * The framework's one {@link WorkerClassPath}, shared by the deployer (which reads plugins against it) and the registry
 * (whose plugin class loaders have it as parent): two instances would define connect-runtime's classes twice.
 */
@Component(service = WorkerClassPathComponent.class)
public final class WorkerClassPathComponent {

    private final WorkerClassPath classPath;

    @Activate
    public WorkerClassPathComponent(BundleContext context) throws IOException {
        this.classPath = WorkerClassPath.of(context.getProperty(FrameworkProperties.WORKER_CLASS_PATH),
                context.getProperty(FrameworkProperties.WORKER_CLASS_PATH_APPLICATION_JARS));
    }

    public WorkerClassPath classPath() {
        return classPath;
    }

    @Deactivate
    void close() throws IOException {
        classPath.close();
    }
}
