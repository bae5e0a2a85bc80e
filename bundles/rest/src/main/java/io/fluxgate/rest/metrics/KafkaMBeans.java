package io.fluxgate.rest.metrics;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * The attributes of the {@code kafka.*} MBeans of an MBeanServer: where Kafka's {@code JmxReporter} publishes the
 * metrics of Kafka's clients ({@code kafka.producer}, {@code kafka.consumer}, {@code kafka.admin.client}), of Kafka
 * Connect's worker ({@code kafka.connect}) and of an embedded broker ({@code kafka.server}...), and where the JMX
 * exporter reads them.
 *
 * <p>Only {@code kafka.*} domains are read: the rules name nothing else, and other MBeans are not Kafka's to publish
 * (the JVM's {@code Runtime} MBean carries the command line and system properties, which may hold passwords).
 */
final class KafkaMBeans {

    private static final ObjectName KAFKA_DOMAINS;

    static {
        try {
            KAFKA_DOMAINS = new ObjectName("kafka.*:*");
        } catch (MalformedObjectNameException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final MBeanServer server;

    KafkaMBeans(MBeanServer server) {
        this.server = server;
    }

    /**
     * Hands every readable attribute whose value is a number, a text or a boolean to {@code sink}, MBean by MBean in
     * the order of their names (so that a family's help text does not change from one scrape to the next). An MBean
     * that goes away while it is read, or whose attributes cannot be read, is skipped, as the exporter skips it.
     */
    void forEachAttribute(Consumer<BeanAttribute> sink) {
        List<ObjectName> names = server.queryNames(KAFKA_DOMAINS, null).stream()
                .sorted(Comparator.comparing(ObjectName::getCanonicalName)).toList();
        for (ObjectName name : names) {
            List<Attribute> values;
            try {
                String[] readable = Arrays.stream(server.getMBeanInfo(name).getAttributes())
                        .filter(MBeanAttributeInfo::isReadable).map(MBeanAttributeInfo::getName)
                        .toArray(String[]::new);
                values = server.getAttributes(name, readable).asList();
            } catch (JMException | RuntimeException e) {
                continue;
            }
            String bean = ExporterBeanName.of(name);
            for (Attribute attribute : values) {
                Object value = attribute.getValue();
                if (value instanceof Date date) {
                    // As the exporter: a date is its seconds since the epoch.
                    value = date.getTime() / 1000.0;
                }
                if (value instanceof Number || value instanceof String || value instanceof Boolean) {
                    sink.accept(new BeanAttribute(bean, attribute.getName(), value));
                }
            }
        }
    }
}
