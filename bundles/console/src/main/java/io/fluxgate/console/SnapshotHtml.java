package io.fluxgate.console;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import java.util.Locale;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginProblem;

/**
 * The Fluxgate page as the server renders it, every value encoded with the OWASP encoder. The page's script
 * ({@code res/fluxgate.js}) keeps the same markup up to date from the JSON it polls, and draws the charts.
 */
final class SnapshotHtml {

    static final String[] ACTIONS = {"pause", "resume", "restart", "delete"};

    private SnapshotHtml() {
    }

    static String render(ConsoleSnapshot snapshot, String pluginRoot) {
        StringBuilder html = new StringBuilder(16_384);
        html.append("<link rel=\"stylesheet\" href=\"").append(forHtmlAttribute(pluginRoot))
                .append("/res/fluxgate.css\">\n");
        html.append("<div id=\"fluxgate\" data-root=\"").append(forHtmlAttribute(pluginRoot)).append("\">\n");
        html.append("<p class=\"statline\" id=\"fluxgate-status\">").append(forHtml(statusLine(snapshot)))
                .append("</p>\n<p id=\"fluxgate-message\" class=\"fluxgate-message\"></p>\n");

        html.append("<h2>Connectors</h2>\n<table class=\"nicetable\" id=\"fluxgate-connectors\"><thead><tr>"
                + "<th>Name</th><th>State</th><th>Type</th><th>Plugin</th><th>Version</th><th>Worker</th>"
                + "<th>Tasks</th><th>Actions</th></tr></thead><tbody>\n");
        for (ConsoleSnapshot.Connector c : snapshot.connectors()) {
            connector(html, c);
        }
        html.append("</tbody></table>\n");

        html.append("<h2>Installed plugins</h2>\n<table class=\"nicetable\" id=\"fluxgate-plugins\"><thead><tr>"
                + "<th>Class</th><th>Type</th><th>Version</th><th>File</th></tr></thead><tbody>\n");
        for (PluginDescriptor p : snapshot.plugins()) {
            html.append("<tr data-plugin=\"").append(forHtmlAttribute(p.className())).append("\"><td>")
                    .append(forHtml(p.className())).append("</td><td>").append(forHtml(p.type().restName()))
                    .append("</td><td>").append(forHtml(p.version())).append("</td><td>")
                    .append(forHtml(p.location())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");

        html.append("<h2>Plugin problems</h2>\n<table class=\"nicetable\" id=\"fluxgate-problems\"><thead><tr>"
                + "<th>File</th><th>Problem</th><th>Class</th><th>Reason</th><th>Since</th></tr></thead><tbody>\n");
        for (PluginProblem p : snapshot.problems()) {
            html.append("<tr><td>").append(forHtml(p.location())).append("</td><td>")
                    .append(forHtml(p.kind().name())).append("</td><td>")
                    .append(forHtml(p.className() == null ? "" : p.className())).append("</td><td>")
                    .append(forHtml(p.message())).append("</td><td>").append(forHtml(p.since().toString()))
                    .append("</td></tr>\n");
        }
        html.append("</tbody></table>\n</div>\n");
        html.append("<script src=\"").append(forHtmlAttribute(pluginRoot)).append("/res/fluxgate.js\"></script>\n");
        return html.toString();
    }

    static String statusLine(ConsoleSnapshot snapshot) {
        long running = snapshot.connectors().stream().filter(c -> c.state().equals("RUNNING")).count();
        long stalled = snapshot.connectors().stream().flatMap(c -> c.tasks().stream())
                .filter(ConsoleSnapshot.Task::stalled).count();
        return (snapshot.herderReady() ? "" : "The worker is starting. ") + snapshot.connectors().size()
                + " connector(s), " + running + " running; " + (stalled > 0 ? stalled + " task(s) stalled; " : "")
                + snapshot.plugins().size() + " plugin(s) installed, "
                + snapshot.problems().size() + " problem(s).";
    }

    private static void connector(StringBuilder html, ConsoleSnapshot.Connector c) {
        String name = forHtmlAttribute(c.name());
        html.append("<tr data-connector=\"").append(name).append("\"><td class=\"name\">").append(forHtml(c.name()))
                .append("</td><td class=\"state state-").append(forHtmlAttribute(c.state())).append("\">")
                .append(forHtml(c.state())).append("</td><td>").append(forHtml(c.type())).append("</td><td>")
                .append(forHtml(c.plugin())).append("</td><td>").append(forHtml(nullToEmpty(c.version())))
                .append("</td><td>").append(forHtml(nullToEmpty(c.workerId()))).append("</td><td class=\"tasks\">");
        for (ConsoleSnapshot.Task t : c.tasks()) {
            html.append("<div class=\"task\" data-task=\"").append(t.id()).append("\">#").append(t.id())
                    .append(" <span class=\"state state-").append(forHtmlAttribute(t.state())).append("\">")
                    .append(forHtml(t.state())).append("</span>");
            if (t.stalled()) {
                html.append(" <span class=\"stalled\">STALLED</span>");
            }
            html.append(" on ").append(forHtml(t.workerId())).append("</div>");
        }
        html.append("</td><td class=\"actions\">");
        for (String action : ACTIONS) {
            html.append("<button type=\"button\" class=\"ui-button\" data-action=\"").append(action)
                    .append("\" data-connector=\"").append(name).append("\">")
                    .append(Character.toUpperCase(action.charAt(0))).append(action.substring(1)).append("</button> ");
        }
        html.append("</td></tr>\n");
        metrics(html, c);
        trace(html, "Connector " + c.name(), c.trace());
        for (ConsoleSnapshot.Task t : c.tasks()) {
            if (t.stalled()) {
                stall(html, "Task " + c.name() + "-" + t.id(), t.trace());
            } else {
                trace(html, "Task " + c.name() + "-" + t.id(), t.trace());
            }
        }
    }

    /**
     * The row of the connector's charts, with the values of this one reading; the script draws the sparklines from
     * the readings it polls, in the same places.
     */
    private static void metrics(StringBuilder html, ConsoleSnapshot.Connector c) {
        ConnectorMetricsSample m = c.metrics();
        String name = forHtmlAttribute(c.name());
        html.append("<tr class=\"metrics\" data-metrics-for=\"").append(name)
                .append("\"><td colspan=\"8\"><div class=\"charts\">");
        chart(html, name, "records", "Records/s in " + rate(m.recordsIn()) + " \u00b7 out " + rate(m.recordsOut()));
        chart(html, name, "errors", "Failures " + count(m.recordFailures()) + " \u00b7 errors "
                + count(m.recordErrors()) + " \u00b7 skipped " + count(m.recordsSkipped()));
        if ("sink".equals(c.type())) {
            chart(html, name, "lag", "Lag (records) " + count(m.lag()));
        }
        html.append("</div></td></tr>\n");
    }

    private static void chart(StringBuilder html, String name, String kind, String caption) {
        html.append("<figure class=\"chart\" data-chart=\"").append(kind).append("\" data-connector=\"").append(name)
                .append("\" data-samples=\"0\"><figcaption>").append(forHtml(caption)).append("</figcaption></figure>");
    }

    private static String rate(Double value) {
        return value == null ? "\u2013" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String count(Double value) {
        return value == null ? "\u2013" : Long.toString(Math.round(value));
    }

    private static void trace(StringBuilder html, String what, String trace) {
        if (trace == null || trace.isEmpty()) {
            return;
        }
        html.append("<tr class=\"trace\"><td colspan=\"8\"><details><summary>").append(forHtml(what))
                .append(" failed: trace</summary><pre>").append(forHtml(trace)).append("</pre></details></td></tr>\n");
    }

    /** A stalled task's reason, shown open: it is one line, and what an operator must see. */
    private static void stall(StringBuilder html, String what, String reason) {
        html.append("<tr class=\"stall\"><td colspan=\"8\">").append(forHtml(what)).append(" is stalled: ")
                .append(forHtml(reason)).append("</td></tr>\n");
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
