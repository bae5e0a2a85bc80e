package io.fluxgate.rest.resources;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.herder.HerderException;
import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.rest.entities.PluginEntities.KeyInfo;
import io.fluxgate.rest.entities.PluginEntities.PluginInfo;
import io.fluxgate.rest.entities.PluginEntities.Validation;

/**
 * {@code /connector-plugins}, as Kafka Connect's {@code ConnectorPluginsResource}. Unlike Kafka, which lists the
 * plugins it found at start-up, the list is read from the plugin registry on each request, so that a plugin deployed
 * or removed shows at once.
 */
@Path("/connector-plugins")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class ConnectorPluginsResource {

    private static final String ALIAS_SUFFIX = "Connector";
    /** Kafka's order: sinks, sources, transformations, predicates, converters, header converters. */
    private static final List<PluginType> LISTED = List.of(PluginType.SINK, PluginType.SOURCE,
            PluginType.TRANSFORMATION, PluginType.PREDICATE, PluginType.CONVERTER, PluginType.HEADER_CONVERTER);

    private final Supplier<Optional<Herder>> herder;
    private final Supplier<Optional<PluginRegistry>> plugins;

    public ConnectorPluginsResource(Supplier<Optional<Herder>> herder, Supplier<Optional<PluginRegistry>> plugins) {
        this.herder = herder;
        this.plugins = plugins;
    }

    /** One row per installed class, kind and version; {@code connectorsOnly} (default true) lists sinks and sources. */
    @GET
    public List<PluginInfo> list(@DefaultValue("true") @QueryParam("connectorsOnly") boolean connectorsOnly) {
        List<PluginDescriptor> installed = plugins.get()
                .orElseThrow(() -> new HerderException(503, "Worker is still starting up.")).plugins();
        Set<PluginInfo> rows = new LinkedHashSet<>();
        for (PluginType type : LISTED) {
            if (connectorsOnly && !type.isConnector()) {
                continue;
            }
            for (PluginDescriptor plugin : installed) {
                if (plugin.type() == type) {
                    rows.add(PluginInfo.of(plugin));
                }
            }
        }
        return new ArrayList<>(rows);
    }

    /** The plugin's settings; {@code version} is a version or range, {@code latest} (default) the newest. */
    @GET
    @Path("{plugin}/config")
    public List<KeyInfo> config(@PathParam("plugin") String plugin,
            @DefaultValue("latest") @QueryParam("version") String version) {
        return HerderCalls.herder(herder).connectorPluginConfig(plugin, version).stream().map(KeyInfo::of).toList();
    }

    /**
     * Validates a configuration; errors are in the answer, not its status. 400 only when the body names another
     * connector class than the path (compared as Kafka does: either name may be an alias).
     */
    @PUT
    @Path("{plugin}/config/validate")
    public Validation validate(@PathParam("plugin") String plugin, Map<String, String> config) {
        if (config == null) {
            throw new HerderException(400, "Connector configuration is missing");
        }
        String included = config.get("connector.class");
        if (included != null && !normalized(included).endsWith(normalized(plugin))) {
            throw new HerderException(400, "Included connector type " + included + " does not match request type "
                    + plugin);
        }
        return Validation.of(HerderCalls.await(HerderCalls.herder(herder).validateConnectorConfig(config)));
    }

    /** Works for full and simple class names; for the latter it makes the alias. */
    private static String normalized(String plugin) {
        return plugin.endsWith(ALIAS_SUFFIX) && plugin.length() > ALIAS_SUFFIX.length()
                ? plugin.substring(0, plugin.length() - ALIAS_SUFFIX.length())
                : plugin;
    }
}
