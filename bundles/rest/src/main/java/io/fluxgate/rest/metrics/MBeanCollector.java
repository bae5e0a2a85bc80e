package io.fluxgate.rest.metrics;

import java.util.ArrayList;
import java.util.List;

import javax.management.MBeanServer;

/** One scrape: the {@code kafka.*} MBeans read, turned into samples by the rules, grouped into families. */
public final class MBeanCollector {

    private final KafkaMBeans mbeans;
    private final ExportRules rules;

    MBeanCollector(KafkaMBeans mbeans, ExportRules rules) {
        this.mbeans = mbeans;
        this.rules = rules;
    }

    /** The series the JMX exporter serves from {@code server}'s Kafka MBeans with Strimzi's Kafka Connect rules. */
    public static MBeanCollector strimziConnectRules(MBeanServer server) {
        return new MBeanCollector(new KafkaMBeans(server), StrimziConnectRules.rules());
    }

    List<MetricFamily> collect() {
        List<Sample> samples = new ArrayList<>();
        mbeans.forEachAttribute(attribute -> rules.sample(attribute).ifPresent(samples::add));
        return MetricFamilies.of(samples);
    }
}
