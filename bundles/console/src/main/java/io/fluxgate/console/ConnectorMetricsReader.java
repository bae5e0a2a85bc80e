package io.fluxgate.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * Reads each connector's {@link ConnectorMetricsSample} from the task MBeans Kafka Connect's {@code JmxReporter}
 * registers ({@code kafka.connect:type=<group>,connector=<name>,task=<n>}): rates summed over the connector's tasks,
 * totals summed, the lag the largest. Only the attributes named here, of the three groups named here, are read:
 * nothing else of the MBeanServer reaches the console. A missing MBean or attribute (a connector without tasks,
 * metrics not reported to JMX, a task removed while it is read) leaves its value null.
 */
final class ConnectorMetricsReader {

    private static final String DOMAIN = "kafka.connect";
    private static final String CONNECTOR_TAG = "connector";

    /** What a value measures, and how the tasks' values make the connector's. */
    private enum Quantity {
        IN, OUT, ERRORS, FAILURES, SKIPPED, LAG;

        double combine(double connector, double task) {
            return this == LAG ? Math.max(connector, task) : connector + task;
        }
    }

    /** The task MBeans of one group (their {@code type}) and the attributes read from them. */
    private record TaskMBeans(ObjectName pattern, Map<String, Quantity> attributes) {

        TaskMBeans(String type, Map<String, Quantity> attributes) {
            this(ofType(type), attributes);
        }

        String[] names() {
            return attributes.keySet().toArray(String[]::new);
        }
    }

    private static final List<TaskMBeans> TASK_MBEANS = List.of(
            new TaskMBeans("source-task-metrics", Map.of("source-record-poll-rate", Quantity.IN,
                    "source-record-write-rate", Quantity.OUT)),
            new TaskMBeans("sink-task-metrics", Map.of("sink-record-read-rate", Quantity.IN,
                    "sink-record-send-rate", Quantity.OUT, "sink-record-lag-max", Quantity.LAG)),
            new TaskMBeans("task-error-metrics", Map.of("total-record-errors", Quantity.ERRORS,
                    "total-record-failures", Quantity.FAILURES, "total-records-skipped", Quantity.SKIPPED)));

    private final MBeanServer server;

    /** {@code server} is where the worker's reporter registers: the platform MBeanServer. */
    ConnectorMetricsReader(MBeanServer server) {
        this.server = server;
    }

    /** Every connector with at least one task MBean on this worker, by name. */
    Map<String, ConnectorMetricsSample> read() {
        Map<String, Double[]> connectors = new HashMap<>();
        for (TaskMBeans mbeans : TASK_MBEANS) {
            for (ObjectName task : server.queryNames(mbeans.pattern(), null)) {
                String connector = connector(task);
                if (connector == null) {
                    continue;
                }
                List<Attribute> attributes;
                try {
                    attributes = server.getAttributes(task, mbeans.names()).asList();
                } catch (JMException e) {
                    continue; // the task went away since the query
                }
                Double[] values = connectors.computeIfAbsent(connector, c -> new Double[Quantity.values().length]);
                for (Attribute attribute : attributes) {
                    Quantity quantity = mbeans.attributes().get(attribute.getName());
                    if (quantity != null && attribute.getValue() instanceof Number number
                            && Double.isFinite(number.doubleValue())) {
                        Double current = values[quantity.ordinal()];
                        values[quantity.ordinal()] = current == null ? number.doubleValue()
                                : quantity.combine(current, number.doubleValue());
                    }
                }
            }
        }
        Map<String, ConnectorMetricsSample> samples = new HashMap<>();
        connectors.forEach((name, v) -> samples.put(name, new ConnectorMetricsSample(v[Quantity.IN.ordinal()],
                v[Quantity.OUT.ordinal()], v[Quantity.ERRORS.ordinal()], v[Quantity.FAILURES.ordinal()],
                v[Quantity.SKIPPED.ordinal()], v[Quantity.LAG.ordinal()])));
        return samples;
    }

    /** The connector's name, as Kafka's reporter quotes it when it holds characters an ObjectName does not take. */
    private static String connector(ObjectName task) {
        String value = task.getKeyProperty(CONNECTOR_TAG);
        if (value == null || value.isEmpty() || value.charAt(0) != '"') {
            return value;
        }
        try {
            return ObjectName.unquote(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectName ofType(String type) {
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",*");
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(type, e);
        }
    }
}
