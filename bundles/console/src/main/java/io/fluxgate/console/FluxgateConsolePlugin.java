package io.fluxgate.console;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.fluxgate.api.herder.Herder;
import io.fluxgate.api.plugins.PluginRegistry;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The Fluxgate page of the Felix Web Console ({@code /system/console/fluxgate}): connectors with their state, type,
 * plugin and version, their tasks and workers, the trace of what failed, charts of their records per second, errors
 * and lag; the installed plugins with the file each came from, and the files left aside with the reason.
 * {@code data.json} is what the page polls every 2 s, so that hot deploys and state changes show without a reload and
 * the charts move; {@code action} (POST) pauses, resumes, restarts or deletes a connector through the herder, as the
 * REST API does.
 *
 * <p>It reads only the {@link Herder} and {@link PluginRegistry} services, and a few metrics of the connectors' tasks
 * from the platform MBeanServer ({@link ConnectorMetricsReader}), so it serves standalone and distributed workers
 * alike (in distributed mode, the metrics are those of the tasks this worker runs). The Web Console authenticates
 * every request first; a POST must also come from the page itself (a header a cross-site form cannot send, and an
 * {@code Origin}, when sent, of this very host), against CSRF. The page's script is a resource of this bundle, not
 * inline, and needs nothing from another origin, so the console works offline.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + FluxgateConsolePlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=Fluxgate",
        ServletConstants.PLUGIN_CATEGORY + "=Fluxgate"})
public final class FluxgateConsolePlugin extends AbstractServlet {

    static final String LABEL = "fluxgate";
    static final String ACTION_HEADER = "X-Fluxgate-Console";
    private static final long serialVersionUID = 1L;

    private final transient AtomicReference<Herder> herder = new AtomicReference<>();
    private final transient AtomicReference<PluginRegistry> registry = new AtomicReference<>();
    private final transient ConnectorMetricsReader metrics =
            new ConnectorMetricsReader(ManagementFactory.getPlatformMBeanServer());

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHerder(Herder bound) {
        herder.set(bound);
    }

    void unbindHerder(Herder unbound) {
        herder.compareAndSet(unbound, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindRegistry(PluginRegistry bound) {
        registry.set(bound);
    }

    void unbindRegistry(PluginRegistry unbound) {
        registry.compareAndSet(unbound, null);
    }

    /** {@code data.json} and {@code res/*} are answered here; anything else is the page, drawn by the console. */
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (String.valueOf(request.getPathInfo()).endsWith("/" + LABEL + "/data.json")) {
            setNoCache(response);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(SnapshotJson.write(snapshot()));
            return;
        }
        spoolResource(request, response);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object pluginRoot = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String root = pluginRoot == null ? LABEL : pluginRoot.toString();
        response.getWriter().write(SnapshotHtml.render(snapshot(), root));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        setNoCache(response);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        ConnectorActions.Outcome outcome;
        if (!String.valueOf(request.getPathInfo()).endsWith("/" + LABEL + "/action")) {
            outcome = new ConnectorActions.Outcome(404, "No such action endpoint");
        } else if (!fromThePage(request)) {
            outcome = new ConnectorActions.Outcome(403, "Actions are only accepted from the Fluxgate page");
        } else {
            outcome = ConnectorActions.run(herder.get(), request.getParameter("action"),
                    request.getParameter("connector"));
        }
        response.setStatus(outcome.status());
        StringBuilder json = new StringBuilder("{\"status\":").append(outcome.status()).append(",\"message\":");
        response.getWriter().write(SnapshotJson.string(json, outcome.message()).append('}').toString());
    }

    private ConsoleSnapshot snapshot() {
        return ConsoleSnapshot.read(herder.get(), registry.get(), metrics.read());
    }

    /**
     * The page's own script sends {@link #ACTION_HEADER} (a cross-site form cannot, and a cross-site script cannot
     * without a CORS preflight the console never grants); a browser's {@code Origin}, when present, must name this
     * host.
     */
    static boolean fromThePage(HttpServletRequest request) {
        if (!"action".equals(request.getHeader(ACTION_HEADER))) {
            return false;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = request.getHeader("Host");
            String originHost = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            return host != null && originHost.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
