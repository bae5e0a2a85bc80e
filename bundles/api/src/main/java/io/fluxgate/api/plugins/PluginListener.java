package io.fluxgate.api.plugins;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when plugin classes appear, are replaced or go away: the worker's hook to stop what runs on classes that are
 * about to be discarded and to start it again on new ones. Register an implementation as an OSGi service (whiteboard);
 * the plugin registry calls every registered listener.
 *
 * <h2>Contract</h2>
 * <ul>
 * <li><b>Synchronous, in order.</b> Each event is delivered in the thread that changes the framework (FileInstall's
 *     installing thread, or whoever installs, updates or uninstalls the bundle), one at a time, in the order the
 *     changes happen, to each listener in turn. A listener registered later gets no replay: it reads
 *     {@link PluginRegistry#plugins()} after registering.</li>
 * <li><b>The old classes are still usable during {@link PluginEvent.Type#UPDATING} and
 *     {@link PluginEvent.Type#REMOVED}.</b> The framework discards the old class loader (a package refresh) only after
 *     every listener has returned, so that is the moment to stop connectors and tasks gracefully, committing their
 *     offsets first. Once the call returns, a class of the old bundle that was not loaded yet may fail to load.
 *     Keep it bounded (stop with the worker's graceful timeout): the deployment of every other plugin waits.</li>
 * <li><b>New classes are loadable when {@link PluginEvent.Type#INSTALLED} or {@link PluginEvent.Type#UPDATED}
 *     arrives</b>: {@link PluginRegistry#load} already answers with them.</li>
 * <li><b>No class is handed out.</b> Events carry descriptors (names, versions, locations), never {@code Class}
 *     objects, so a listener cannot keep a removed bundle's class loader alive by holding an event. A listener must not
 *     keep instances or classes of a plugin past its {@code UPDATING} or {@code REMOVED} either: that is what keeps an
 *     old class loader from being collected.</li>
 * <li><b>Failures are contained.</b> An exception thrown by a listener is logged and does not stop the other
 *     listeners or the deployment.</li>
 * </ul>
 *
 * <h2>Sequences</h2>
 * <ul>
 * <li>A new file in plugins/: {@code INSTALLED}.</li>
 * <li>The same file replaced (same name; an update of its bundle), or its bundle refreshed: one {@code UPDATING} with
 *     the old plugins, then one {@code UPDATED} with the new ones and the old ones in {@link PluginEvent#previous()}.
 *     FileInstall updates a bundle, refreshes it, then starts it, and the framework may resolve it more than once on
 *     the way: {@code UPDATED} comes once the new revision is final (started, or resolved when nobody will start it),
 *     so one upgrade is one pair. When the new revision cannot be resolved, {@code REMOVED} follows {@code UPDATING}
 *     instead (with the old plugins), and the reason is in {@link PluginRegistry#problems()}.</li>
 * <li>A file deleted: {@code REMOVED}.</li>
 * <li>A file replaced by a file of another name ({@code connect-file-4.2.0.jar} by {@code connect-file-4.3.1.jar}):
 *     two bundles, so {@code INSTALLED} for the new one and {@code REMOVED} for the old one, in the order the files
 *     were seen (within one FileInstall scan, the removal first). A worker that wants a swap rather than an outage
 *     checks on {@code REMOVED} whether {@link PluginRegistry#load} still finds the class in another version.</li>
 * </ul>
 */
@ConsumerType
@FunctionalInterface
public interface PluginListener {

    /** One change of the installed plugins; see the class documentation for what may be done here. */
    void pluginsChanged(PluginEvent event);
}
