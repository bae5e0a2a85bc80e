package io.fluxgate.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;

import io.fluxgate.runtime.testing.ClasspathPluginRegistry;

/** How class settings are parsed during validation: plugins by name or alias, Kafka's own classes always. */
class RegistryClassLoaderTest {

    /** A plugin bundle's loader sees neither Kafka's internals nor other plugins: only the JDK here. */
    private static final ClassLoader ISOLATED_PLUGIN = new ClassLoader(null) {
    };

    private final RegistryClassLoader loader = new RegistryClassLoader(ClasspathPluginRegistry.withApachePlugins(),
            ISOLATED_PLUGIN);

    @Test
    void pluginsAreFoundByClassNameOrAlias() throws Exception {
        assertEquals(org.apache.kafka.connect.transforms.RegexRouter.class, loader.loadClass("RegexRouter"));
        assertEquals(org.apache.kafka.connect.json.JsonConverter.class,
                Class.forName(loader.loadClass("JsonConverter").getName(), true, loader),
                "an alias resolves to a class that Class.forName accepts under its real name, as ConfigDef needs");
    }

    /**
     * Regression: a Kafka client's ConfigDef initialized for the first time during validation parses its class
     * defaults through this loader; without Kafka's classes the client class failed to initialize for good.
     */
    @Test
    void kafkasOwnClassesAreFoundThoughThePluginDoesNotSeeThem() throws Exception {
        Class<?> retriever = loader.loadClass("org.apache.kafka.common.security.oauthbearer.DefaultJwtRetriever");
        assertEquals(ConfigDef.class.getClassLoader(), retriever.getClassLoader());
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.example.Nope"));
    }
}
