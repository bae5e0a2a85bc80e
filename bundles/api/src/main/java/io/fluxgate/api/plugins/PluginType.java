package io.fluxgate.api.plugins;

import java.util.Locale;

import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/** The kinds of Kafka Connect plugin, with the interface each implements and its name in the REST API. */
public enum PluginType {
    SOURCE(SourceConnector.class, "Connector"),
    SINK(SinkConnector.class, "Connector"),
    CONVERTER(Converter.class, "Converter"),
    HEADER_CONVERTER(HeaderConverter.class, "HeaderConverter"),
    TRANSFORMATION(Transformation.class, "Transformation"),
    PREDICATE(Predicate.class, "Predicate"),
    CONFIG_PROVIDER(ConfigProvider.class, "ConfigProvider"),
    REST_EXTENSION(ConnectRestExtension.class, "ConnectRestExtension"),
    CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY(ConnectorClientConfigOverridePolicy.class,
            "ConnectorClientConfigOverridePolicy");

    private final Class<?> superType;
    private final String aliasSuffix;

    PluginType(Class<?> superType, String aliasSuffix) {
        this.superType = superType;
        this.aliasSuffix = aliasSuffix;
    }

    /** The interface or abstract class every plugin of this type implements. */
    public Class<?> superType() {
        return superType;
    }

    /** The suffix Kafka Connect removes from a simple class name to make the short alias. */
    public String aliasSuffix() {
        return aliasSuffix;
    }

    /** The name {@code GET /connector-plugins} uses: {@code source}, {@code header_converter}... */
    public String restName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for source and sink connectors. */
    public boolean isConnector() {
        return this == SOURCE || this == SINK;
    }
}
