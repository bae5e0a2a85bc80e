package io.fluxgate.rest.metrics;

/**
 * One attribute of one MBean, named as the JMX exporter names it to its rules.
 *
 * @param bean the MBean: its domain, then its key properties in the order they were given, then the (here always
 *        empty) keys of composite data, as {@code kafka.consumer<type=consumer-metrics, client-id=c-1><>}
 * @param attribute the attribute's name
 * @param value a {@link Number}, {@link String} or {@link Boolean}
 */
record BeanAttribute(String bean, String attribute, Object value) {

    /** What a rule's pattern is matched against: {@code bean attribute: value}. */
    String matchInput() {
        return bean + attribute + ": " + value;
    }
}
