package io.fluxgate.rest;

import java.util.Optional;
import java.util.function.Supplier;

import javax.management.MBeanServer;

import org.glassfish.jersey.CommonProperties;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

import com.fasterxml.jackson.jakarta.rs.json.JacksonJsonProvider;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.worker.WorkerInfo;
import io.fluxgate.boot.logging.LoggerLevels;
import io.fluxgate.rest.admin.LoggingResource;
import io.fluxgate.rest.entities.Json;
import io.fluxgate.rest.errors.HerderExceptionMapper;
import io.fluxgate.rest.errors.JsonBodyExceptionMapper;
import io.fluxgate.rest.errors.UnhandledExceptionMapper;
import io.fluxgate.rest.errors.WebApplicationExceptionMapper;
import io.fluxgate.rest.forwarding.ForwardRequestExceptionMapper;
import io.fluxgate.rest.forwarding.ForwardingFeature;
import io.fluxgate.rest.forwarding.RequestForwarder;
import io.fluxgate.rest.metrics.MBeanCollector;
import io.fluxgate.rest.metrics.MetricsResource;
import io.fluxgate.rest.resources.ConnectorOffsetsResource;
import io.fluxgate.rest.resources.ConnectorPluginsResource;
import io.fluxgate.rest.resources.ConnectorsResource;
import io.fluxgate.rest.resources.InternalConnectorsResource;
import io.fluxgate.rest.resources.RootResource;

/**
 * Kafka Connect's REST API as a Jersey application: the resources, the error mappers and the JSON provider. A new
 * resource is one more {@code register} here, given the services it needs.
 *
 * <p>Everything is registered explicitly, so Jersey is told not to look for more (auto-discovered features,
 * providers listed in {@code META-INF/services}, its XML and image providers, WADL, bean validation): a faster start,
 * and no provider that was not chosen, such as a second JSON provider with another configuration.
 */
public final class ConnectRestApi {

    private ConnectRestApi() {
    }

    /** The application without a herder: only {@code /} and {@code /health} answer. */
    public static ResourceConfig create(Supplier<Optional<WorkerInfo>> worker) {
        return create(worker, Optional::empty);
    }

    /** The application without a plugin registry: {@code GET /connector-plugins} answers 503. */
    public static ResourceConfig create(Supplier<Optional<WorkerInfo>> worker, Supplier<Optional<Herder>> herder) {
        return create(worker, herder, Optional::empty);
    }

    /**
     * The application, reading the worker, the herder and the plugin registry through the suppliers on each request
     * (they may not be there yet).
     */
    public static ResourceConfig create(Supplier<Optional<WorkerInfo>> worker, Supplier<Optional<Herder>> herder,
            Supplier<Optional<PluginRegistry>> plugins) {
        return create(worker, herder, plugins, RequestForwarder.plain());
    }

    /**
     * The application, forwarding the requests the herder says must run on another worker of the cluster with
     * {@code forwarder}.
     */
    public static ResourceConfig create(Supplier<Optional<WorkerInfo>> worker, Supplier<Optional<Herder>> herder,
            Supplier<Optional<PluginRegistry>> plugins, RequestForwarder forwarder) {
        ResourceConfig config = base("fluxgate-rest");
        config.register(new ForwardRequestExceptionMapper(forwarder));
        config.register(new ForwardingFeature());

        config.register(new RootResource(worker));
        config.register(new ConnectorsResource(herder));
        config.register(new ConnectorOffsetsResource(herder));
        config.register(new InternalConnectorsResource(herder));
        config.register(new ConnectorPluginsResource(herder, plugins));
        return config;
    }

    /** The admin endpoints alone, for listeners of their own ({@code admin.listeners}). */
    public static ResourceConfig createAdmin(Supplier<Optional<LoggerLevels>> loggerLevels,
            Supplier<Optional<Herder>> herder) {
        ResourceConfig config = base("fluxgate-rest-admin");
        registerAdmin(config, loggerLevels, herder);
        return config;
    }

    /** Jersey's settings, the JSON provider and the error mappers every application has. */
    private static ResourceConfig base(String name) {
        ResourceConfig config = new ResourceConfig();
        config.setApplicationName(name);
        config.property(CommonProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        config.property(CommonProperties.METAINF_SERVICES_LOOKUP_DISABLE, true);
        // JSON only: none of Jersey's default XML, image or DataSource providers.
        config.property(CommonProperties.PROVIDER_DEFAULT_DISABLE, "ALL");
        config.property(ServerProperties.WADL_FEATURE_DISABLE, true);
        config.property(ServerProperties.BV_FEATURE_DISABLE, true);
        // Error statuses keep the mapped body: never hand them to the servlet container's error page.
        config.property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);

        config.register(new JacksonJsonProvider(Json.newMapper()));
        config.register(new WebApplicationExceptionMapper());
        config.register(new JsonBodyExceptionMapper());
        config.register(new UnhandledExceptionMapper());
        config.register(new HerderExceptionMapper());
        return config;
    }

    /**
     * Adds the admin endpoints ({@code /admin/loggers}) to {@code api}, on the same listeners, as Kafka Connect does
     * when {@code admin.listeners} is not set.
     */
    public static void registerAdmin(ResourceConfig api, Supplier<Optional<LoggerLevels>> loggerLevels,
            Supplier<Optional<Herder>> herder) {
        api.register(new LoggingResource(loggerLevels, herder));
    }

    /**
     * Adds {@code GET /metrics} to {@code api}: the Kafka metrics {@code server} holds, as the Prometheus JMX exporter
     * serves them with Strimzi's Kafka Connect rules.
     */
    public static void registerMetrics(ResourceConfig api, MBeanServer server) {
        api.register(new MetricsResource(MBeanCollector.strimziConnectRules(server)));
    }
}
