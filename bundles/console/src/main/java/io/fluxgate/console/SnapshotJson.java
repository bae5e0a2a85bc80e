package io.fluxgate.console;

import java.util.List;

import io.fluxgate.api.plugins.PluginDescriptor;
import io.fluxgate.api.plugins.PluginProblem;

/**
 * The page's polled JSON: the snapshot in the shape the page's script renders. Nothing else is in it. Each connector
 * has a {@code metrics} object ({@code recordsIn}, {@code recordsOut}: records per second; {@code recordErrors},
 * {@code recordFailures}, {@code recordsSkipped}: totals; {@code lag}: records), its values null when unknown.
 */
final class SnapshotJson {

    private SnapshotJson() {
    }

    static String write(ConsoleSnapshot snapshot) {
        StringBuilder json = new StringBuilder(4096);
        json.append("{\"herderReady\":").append(snapshot.herderReady()).append(",\"connectors\":[");
        List<ConsoleSnapshot.Connector> connectors = snapshot.connectors();
        for (int i = 0; i < connectors.size(); i++) {
            ConsoleSnapshot.Connector c = connectors.get(i);
            json.append(i == 0 ? "{" : ",{");
            field(json, "name", c.name()).append(',');
            field(json, "state", c.state()).append(',');
            field(json, "type", c.type()).append(',');
            field(json, "plugin", c.plugin()).append(',');
            field(json, "version", c.version()).append(',');
            field(json, "workerId", c.workerId()).append(',');
            field(json, "trace", c.trace()).append(",\"tasks\":[");
            for (int t = 0; t < c.tasks().size(); t++) {
                ConsoleSnapshot.Task task = c.tasks().get(t);
                json.append(t == 0 ? "{" : ",{").append("\"id\":").append(task.id()).append(',');
                field(json, "state", task.state()).append(',');
                field(json, "workerId", task.workerId()).append(',');
                json.append("\"stalled\":").append(task.stalled()).append(',');
                field(json, "trace", task.trace()).append('}');
            }
            json.append("],");
            metrics(json, c.metrics());
            json.append('}');
        }
        json.append("],\"plugins\":[");
        List<PluginDescriptor> plugins = snapshot.plugins();
        for (int i = 0; i < plugins.size(); i++) {
            PluginDescriptor p = plugins.get(i);
            json.append(i == 0 ? "{" : ",{");
            field(json, "className", p.className()).append(',');
            field(json, "type", p.type().restName()).append(',');
            field(json, "version", p.version()).append(',');
            field(json, "location", p.location()).append('}');
        }
        json.append("],\"problems\":[");
        List<PluginProblem> problems = snapshot.problems();
        for (int i = 0; i < problems.size(); i++) {
            PluginProblem p = problems.get(i);
            json.append(i == 0 ? "{" : ",{");
            field(json, "location", p.location()).append(',');
            field(json, "kind", p.kind().name()).append(',');
            field(json, "className", p.className()).append(',');
            field(json, "message", p.message()).append(',');
            field(json, "since", p.since().toString()).append('}');
        }
        return json.append("]}").toString();
    }

    /** The connector's {@code metrics} object: every key always present, null where nothing gave a value. */
    private static void metrics(StringBuilder json, ConnectorMetricsSample m) {
        json.append("\"metrics\":{");
        number(json, "recordsIn", m.recordsIn()).append(',');
        number(json, "recordsOut", m.recordsOut()).append(',');
        number(json, "recordErrors", m.recordErrors()).append(',');
        number(json, "recordFailures", m.recordFailures()).append(',');
        number(json, "recordsSkipped", m.recordsSkipped()).append(',');
        number(json, "lag", m.lag()).append('}');
    }

    private static StringBuilder number(StringBuilder json, String name, Double value) {
        json.append('"').append(name).append("\":");
        if (value == null || !Double.isFinite(value)) {
            return json.append("null");
        }
        double v = value;
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? json.append((long) v) : json.append(v);
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        return value == null ? json.append("null") : string(json, value);
    }

    /** A JSON string; {@code <}, {@code >} and {@code &} escaped too, so that it is inert inside HTML. */
    static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                        json.append(String.format("\\u%04x", (int) ch));
                    } else {
                        json.append(ch);
                    }
                }
            }
        }
        return json.append('"');
    }
}
