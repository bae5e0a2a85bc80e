package io.fluxgate.plugins.registry;

import static io.fluxgate.plugins.registry.Plugins.isolated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.registry.fixtures.TestConverter;
import io.fluxgate.plugins.registry.fixtures.ThrowingConverter;

/** Instances are built as Kafka builds them: with the plugin's context class loader. */
class LoadedPluginTest {

    @Test
    void buildsWithThePluginsLoaderAsContextLoaderAndRestoresTheCallers() throws Exception {
        try (IsolatedJar jar = new IsolatedJar(IsolatedJar.jarOf(TestConverter.class),
                "io.fluxgate.plugins.registry.fixtures", "1.0")) {
            Class<?> isolatedType = jar.loadClass(TestConverter.class.getName());
            LoadedPlugin<Converter> plugin = new LoadedPlugin<>(
                    isolated(isolatedType, PluginType.CONVERTER, "1.0", jar.location()), Converter.class);
            ClassLoader caller = Thread.currentThread().getContextClassLoader();

            Converter converter = plugin.newInstance();

            assertSame(jar, plugin.loader());
            assertSame(isolatedType, converter.getClass());
            assertNotSame(TestConverter.class, converter.getClass());
            Object constructedWith = isolatedType.getMethod("constructedWith").invoke(converter);
            assertSame(jar, constructedWith);
            assertSame(caller, Thread.currentThread().getContextClassLoader());
        }
    }

    @Test
    void aFailingConstructorIsKafkasInstantiationError() {
        LoadedPlugin<Converter> plugin = new LoadedPlugin<>(
                isolated(ThrowingConverter.class, PluginType.CONVERTER, "1.0", "file:/x.jar"), Converter.class);
        ClassLoader caller = Thread.currentThread().getContextClassLoader();

        ConnectException e = assertThrows(ConnectException.class, plugin::newInstance);

        assertEquals("Instantiation error", e.getMessage());
        assertSame(caller, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void theTypeIsCheckedAgainstWhatWasAskedFor() {
        assertThrows(ClassCastException.class, () -> new LoadedPlugin<>(
                isolated(FileStreamSourceConnector.class, PluginType.SOURCE, "4.3.1", "file:/x.jar"),
                Converter.class));
    }
}
