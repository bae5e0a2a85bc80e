package io.fluxgate.plugins.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Apache Kafka Connect 4.3.1's answers ({@code PluginUtilsTest}), class by class. */
class IsolationRuleTest {

    @ParameterizedTest
    @CsvSource({
        // The worker's: the JDK, Java EE APIs Kafka lists, slf4j, Kafka's own classes and plugin interfaces
        "java.lang.String, false",
        "javax.management.ObjectName, false",
        "javax.ws.rs.Path, false",
        "org.slf4j.Logger, false",
        "org.w3c.dom.Node, false",
        "org.apache.kafka.common.Cluster, false",
        "org.apache.kafka.connect.data.Schema, false",
        "org.apache.kafka.connect.util.ConnectorUtils, false",
        "org.apache.kafka.connect.runtime.ConnectorConfig, false",
        "org.apache.kafka.connect.storage.Converter, false",
        "org.apache.kafka.connect.transforms.Transformation, false",
        "org.apache.kafka.connect.transforms.predicates.Predicate, false",
        "org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy, false",
        "org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest, false",
        "org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest$ClientType, false",
        "org.apache.kafka.common.config.provider.ConfigProvider, false",
        // The plugin's first: Kafka's own plugins, and everything that is not Kafka's or the JDK's
        "org.apache.kafka.connect.json.JsonConverter, true",
        "org.apache.kafka.connect.file.FileStreamSourceConnector, true",
        "org.apache.kafka.connect.mirror.MirrorSourceConnector, true",
        "org.apache.kafka.connect.converters.ByteArrayConverter, true",
        "org.apache.kafka.connect.storage.StringConverter, true",
        "org.apache.kafka.connect.storage.SimpleHeaderConverter, true",
        "org.apache.kafka.connect.transforms.Cast$Value, true",
        "org.apache.kafka.connect.transforms.predicates.HasHeaderKey, true",
        "org.apache.kafka.connect.connector.policy.AllConnectorClientConfigOverridePolicy, true",
        "org.apache.kafka.common.config.provider.FileConfigProvider, true",
        "org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension, true",
        "com.fasterxml.jackson.databind.JsonNode, true",
        "jakarta.ws.rs.Path, true",
        "javax.jws.WebService, false",
        "javax.xml.bind.JAXBContext, false",
        "io.debezium.connector.postgresql.PostgresConnector, true",
        "DefaultPackageClass, true",
    })
    void decidesPerClassNameAsKafka(String className, boolean isolated) {
        assertEquals(isolated, IsolationRule.loadsInIsolation(className), className);
    }
}
