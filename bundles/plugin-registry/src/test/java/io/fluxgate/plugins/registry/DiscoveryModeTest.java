package io.fluxgate.plugins.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fluxgate.api.plugins.PluginType;
import io.fluxgate.plugins.registry.fixtures.NullVersionConverter;
import io.fluxgate.plugins.registry.fixtures.TestConverter;

/** plugin.discovery applied to a plain jar, with and without manifests (KIP-898). */
class DiscoveryModeTest {

    private static final String DECLARED = TestConverter.class.getName();
    private static final String UNDECLARED = NullVersionConverter.class.getName();

    /** A wrapped plain jar: its manifests as given, and a scan of its class files finding {@code scanned}. */
    private record PlainJar(TestSource manifests, Map<String, Set<PluginType>> scanned) implements PluginSource {

        static PlainJar of(List<String> declared, List<String> scanned) {
            Map<PluginType, List<String>> manifests = declared.isEmpty() ? Map.of()
                    : Map.of(PluginType.CONVERTER, declared);
            Map<String, Set<PluginType>> found = new LinkedHashMap<>();
            scanned.forEach(name -> found.put(name, Set.of(PluginType.CONVERTER)));
            return new PlainJar(new TestSource("file:/plugins/plain.jar", manifests, "1.0.0"), found);
        }

        @Override
        public String location() {
            return manifests.location();
        }

        @Override
        public boolean isPlatform() {
            return false;
        }

        @Override
        public List<String> declared(PluginType type) {
            return manifests.declared(type);
        }

        @Override
        public boolean declaresOwn() {
            return manifests.declaresOwn();
        }

        @Override
        public Class<?> loadClass(String name) throws ClassNotFoundException {
            return manifests.loadClass(name);
        }

        @Override
        public boolean owns(Class<?> type) {
            return true;
        }

        @Override
        public Map<String, Set<PluginType>> scan() {
            return scanned;
        }

        @Override
        public boolean scannable() {
            return true;
        }

        @Override
        public String defaultVersion() {
            return manifests.defaultVersion();
        }
    }

    private final List<String> refusals = new ArrayList<>();

    private List<String> discover(PluginSource source, DiscoveryMode mode) {
        return PluginDiscovery.discover(source, mode, failure -> { }, refusals::add).stream()
                .map(InstalledPlugin::className).sorted().toList();
    }

    @Test
    void namedAsInTheWorkerPropertiesWithKafkasDefault() {
        assertEquals(DiscoveryMode.HYBRID_WARN, DiscoveryMode.of(null));
        assertEquals(DiscoveryMode.SERVICE_LOAD, DiscoveryMode.of("service_load"));
        assertEquals(DiscoveryMode.ONLY_SCAN, DiscoveryMode.of("ONLY_SCAN"));
        assertEquals("hybrid_fail", DiscoveryMode.HYBRID_FAIL.configName());
        assertThrows(IllegalArgumentException.class, () -> DiscoveryMode.of("sometimes"));
    }

    @Test
    void aJarWithManifestsForEveryPluginIsListedWholeByEveryMode() {
        PlainJar jar = PlainJar.of(List.of(DECLARED, UNDECLARED), List.of(DECLARED, UNDECLARED));

        for (DiscoveryMode mode : DiscoveryMode.values()) {
            assertEquals(List.of(DECLARED, UNDECLARED).stream().sorted().toList(), discover(jar, mode),
                    mode.configName());
        }
        assertEquals(List.of(), refusals);
    }

    /**
     * As Kafka: the hybrid modes scan a plugin that has manifests too, and list what only the scan found (with a
     * warning); hybrid_fail refuses those; service_load never sees them.
     */
    @Test
    void aPluginTheManifestsMissIsFoundByScanningUnlessServiceLoadingOnly() {
        PlainJar jar = PlainJar.of(List.of(DECLARED), List.of(DECLARED, UNDECLARED));
        List<String> both = List.of(DECLARED, UNDECLARED).stream().sorted().toList();

        assertEquals(both, discover(jar, DiscoveryMode.HYBRID_WARN));
        assertEquals(both, discover(jar, DiscoveryMode.ONLY_SCAN));
        assertEquals(List.of(DECLARED), discover(jar, DiscoveryMode.SERVICE_LOAD));
        assertEquals(List.of(), refusals);

        assertEquals(List.of(DECLARED), discover(jar, DiscoveryMode.HYBRID_FAIL));
        assertEquals(1, refusals.size());
        assertTrue(refusals.get(0).contains("(" + UNDECLARED + "), which plugin.discovery=hybrid_fail refuses"),
                refusals.get(0));
    }

    @Test
    void aJarWithoutManifestsIsScannedByTheHybridAndScanModes() {
        PlainJar jar = PlainJar.of(List.of(), List.of(UNDECLARED));

        assertEquals(List.of(UNDECLARED), discover(jar, DiscoveryMode.HYBRID_WARN));
        assertEquals(List.of(UNDECLARED), discover(jar, DiscoveryMode.ONLY_SCAN));
        assertEquals(List.of(), refusals);
    }

    @Test
    void hybridFailRefusesAJarWhosePluginsHaveNoManifestsSayingWhy() {
        assertEquals(List.of(), discover(PlainJar.of(List.of(), List.of(UNDECLARED)), DiscoveryMode.HYBRID_FAIL));

        assertEquals(1, refusals.size());
        assertTrue(refusals.get(0).contains("file:/plugins/plain.jar has plugins without META-INF/services "
                + "manifests (" + UNDECLARED + "), which plugin.discovery=hybrid_fail refuses"), refusals.get(0));
    }

    @Test
    void serviceLoadFindsNothingInAJarWithoutManifestsAndSaysSo() {
        assertEquals(List.of(), discover(PlainJar.of(List.of(), List.of(UNDECLARED)), DiscoveryMode.SERVICE_LOAD));

        assertEquals(1, refusals.size());
        assertTrue(refusals.get(0).contains("plugin.discovery=service_load finds plugins only through them"),
                refusals.get(0));
    }

    @Test
    void aSourceThatIsNotScannableIsNeverScannedNorRefused() {
        TestSource bundle = new TestSource("file:/plugins/authored.jar", Map.of(), "1.0.0");

        for (DiscoveryMode mode : DiscoveryMode.values()) {
            assertEquals(List.of(), discover(bundle, mode), mode.configName());
        }
        assertEquals(List.of(), refusals);
    }
}
