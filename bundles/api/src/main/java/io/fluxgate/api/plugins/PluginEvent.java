package io.fluxgate.api.plugins;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A change of the plugins one source (one bundle, so one file or directory in plugins/) provides.
 *
 * @param type     what happened
 * @param location the source's location, as in {@link PluginDescriptor#location()} (a {@code file:} URI for what
 *                 FileInstall deployed)
 * @param plugins  for {@code INSTALLED} and {@code UPDATED} the plugins now available; for {@code UPDATING} and
 *                 {@code REMOVED} the plugins being withdrawn. Possibly empty for {@code UPDATED} (the new revision
 *                 declares none)
 * @param previous for {@code UPDATED} the plugins the update withdrew (those of the {@code UPDATING} before); empty
 *                 otherwise
 */
public record PluginEvent(Type type, String location, List<PluginDescriptor> plugins,
        List<PluginDescriptor> previous) {

    /** The kinds of change. See {@link PluginListener} for the order they come in. */
    public enum Type {
        /** New plugin classes can be loaded. */
        INSTALLED,
        /** A bundle is being updated or refreshed: its plugin classes are withdrawn; {@code UPDATED} will follow. */
        UPDATING,
        /** The bundle of an {@code UPDATING} is back, with its new classes. */
        UPDATED,
        /** The plugin classes are gone for good: the bundle was uninstalled, or its update cannot be resolved. */
        REMOVED
    }

    public PluginEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(location, "location");
        plugins = List.copyOf(plugins);
        previous = List.copyOf(previous);
    }

    /** The class names among {@link #plugins()}: what a worker compares with the classes it runs. */
    public Set<String> classNames() {
        return plugins.stream().map(PluginDescriptor::className).collect(Collectors.toUnmodifiableSet());
    }
}
