package io.fluxgate.plugins.registry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.fluxgate.api.plugins.PluginEvent;
import io.fluxgate.api.plugins.PluginListener;

/**
 * Hands each plugin event to every {@link PluginListener}, in turn, in the caller's thread (see the listener's
 * contract): one that throws is logged and the others still hear.
 */
final class PluginEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PluginEvents.class);

    private final List<PluginListener> listeners = new CopyOnWriteArrayList<>();

    void add(PluginListener listener) {
        listeners.add(listener);
    }

    void remove(PluginListener listener) {
        listeners.remove(listener);
    }

    void fire(PluginEvent event) {
        if (event.plugins().isEmpty() && event.previous().isEmpty()) {
            return;
        }
        LOG.debug("Plugin event {} for {}: {}", event.type(), event.location(), event.classNames());
        for (PluginListener listener : listeners) {
            try {
                listener.pluginsChanged(event);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Plugin listener {} failed on {} of {}", listener, event.type(), event.location(), e);
            }
        }
    }
}
