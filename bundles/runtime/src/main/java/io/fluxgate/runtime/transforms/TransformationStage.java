package io.fluxgate.runtime.transforms;

import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import io.fluxgate.runtime.isolation.LoaderSwap;
import io.fluxgate.runtime.metrics.AliasedPlugin;

/**
 * One transformation of a chain, applied only to the records its predicate (if any) selects, or does not select when
 * negated. Each plugin runs with its own bundle's class loader as the context loader.
 */
public final class TransformationStage<R extends ConnectRecord<R>> implements AutoCloseable {

    private final Transformation<R> transformation;
    private final ClassLoader transformationLoader;
    private final Predicate<R> predicate;
    private final ClassLoader predicateLoader;
    private final boolean negate;
    private final AliasedPlugin transformationInfo;
    private final AliasedPlugin predicateInfo;

    public TransformationStage(Transformation<R> transformation, ClassLoader transformationLoader,
            Predicate<R> predicate, ClassLoader predicateLoader, boolean negate) {
        this(transformation, transformationLoader, predicate, predicateLoader, negate, null, null);
    }

    /**
     * @param transformationInfo the transformation's alias, class and version, for the task's metrics
     * @param predicateInfo      the predicate's, or null without one
     */
    public TransformationStage(Transformation<R> transformation, ClassLoader transformationLoader,
            Predicate<R> predicate, ClassLoader predicateLoader, boolean negate, AliasedPlugin transformationInfo,
            AliasedPlugin predicateInfo) {
        this.transformationInfo = transformationInfo;
        this.predicateInfo = predicateInfo;
        this.transformation = transformation;
        this.transformationLoader = transformationLoader;
        this.predicate = predicate;
        this.predicateLoader = predicateLoader;
        this.negate = negate;
    }

    /** The transformed record, the record itself when the predicate skips it, or null when it is filtered out. */
    public R apply(R record) {
        if (predicate != null) {
            boolean matches;
            try (LoaderSwap swap = LoaderSwap.to(predicateLoader)) {
                matches = predicate.test(record);
            }
            if (matches == negate) {
                return record;
            }
        }
        try (LoaderSwap swap = LoaderSwap.to(transformationLoader)) {
            return transformation.apply(record);
        }
    }

    /** The transformation itself, to hand it its metrics (KIP-877). */
    public Transformation<R> transformation() {
        return transformation;
    }

    /** The predicate itself, or null without one. */
    public Predicate<R> predicate() {
        return predicate;
    }

    public Class<?> transformationClass() {
        return transformation.getClass();
    }

    /** The transformation's alias, class and version; null when built without them. */
    public AliasedPlugin transformationInfo() {
        return transformationInfo;
    }

    /** The predicate's alias, class and version; null without a predicate or when built without them. */
    public AliasedPlugin predicateInfo() {
        return predicateInfo;
    }

    @Override
    public void close() {
        try (LoaderSwap swap = LoaderSwap.to(transformationLoader)) {
            transformation.close();
        }
        if (predicate != null) {
            try (LoaderSwap swap = LoaderSwap.to(predicateLoader)) {
                predicate.close();
            }
        }
    }

    @Override
    public String toString() {
        return transformation.getClass().getName() + (predicate == null ? ""
                : (negate ? " unless " : " if ") + predicate.getClass().getName());
    }
}
