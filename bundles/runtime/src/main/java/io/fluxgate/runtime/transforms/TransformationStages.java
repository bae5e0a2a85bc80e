package io.fluxgate.runtime.transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import io.fluxgate.api.plugins.PluginClass;
import io.fluxgate.api.plugins.PluginRegistry;
import io.fluxgate.runtime.config.ConnectorConfig;
import io.fluxgate.runtime.config.ConnectorConfigDefs;
import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.metrics.AliasedPlugin;

/**
 * Builds the stages a connector's {@code transforms} and {@code predicates} describe, each plugin loaded through the
 * registry and configured with the settings under its alias (less the framework's {@code predicate}, {@code negate}
 * and {@code plugin.version}), as Kafka's {@code ConnectorConfig.transformationStages()}.
 */
public final class TransformationStages {

    private TransformationStages() {
    }

    @SuppressWarnings("unchecked")
    public static <R extends ConnectRecord<R>> List<TransformationStage<R>> of(ConnectorConfig config,
            PluginRegistry registry) {
        List<TransformationStage<R>> stages = new ArrayList<>();
        try {
            for (String alias : config.transforms()) {
                String prefix = ConnectorConfigDefs.TRANSFORMS + "." + alias + ".";
                Map<String, Object> settings = config.originalsWithPrefix(prefix);
                Object predicateAlias = settings.remove("predicate");
                Object negate = settings.remove("negate");
                PluginClass<Transformation> transformationClass = registry.load((String) settings.remove("type"),
                        Transformation.class, (String) settings.remove(ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX));
                Transformation<R> transformation = configured(transformationClass, settings);
                Predicate<R> predicate = null;
                ClassLoader predicateLoader = null;
                AliasedPlugin predicateInfo = null;
                if (predicateAlias != null) {
                    String predicatePrefix = ConnectorConfigDefs.PREDICATES + "." + predicateAlias + ".";
                    Map<String, Object> predicateSettings = config.originalsWithPrefix(predicatePrefix);
                    PluginClass<Predicate> predicateClass = registry.load((String) predicateSettings.remove("type"),
                            Predicate.class,
                            (String) predicateSettings.remove(ConnectorConfigDefs.PLUGIN_VERSION_SUFFIX));
                    predicate = configured(predicateClass, predicateSettings);
                    predicateLoader = predicateClass.loader();
                    predicateInfo = info(predicateAlias.toString(), predicateClass);
                }
                stages.add(new TransformationStage<>(transformation, transformationClass.loader(), predicate,
                        predicateLoader, negate != null && Boolean.parseBoolean(negate.toString()),
                        info(alias, transformationClass), predicateInfo));
            }
            return stages;
        } catch (RuntimeException e) {
            stages.forEach(TransformationStage::close);
            throw e instanceof ConnectException ? e : new ConnectException(e);
        }
    }

    private static AliasedPlugin info(String alias, PluginClass<?> pluginClass) {
        return new AliasedPlugin(alias, pluginClass.type().getName(), pluginClass.descriptor().version());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static <P> P configured(PluginClass pluginClass, Map<String, Object> settings) {
        Object plugin = pluginClass.newInstance();
        try (LoaderSwap swap = LoaderSwap.to(pluginClass.loader())) {
            ((org.apache.kafka.common.Configurable) plugin).configure(settings);
        }
        return (P) plugin;
    }
}
