/**
 * Standalone mode: the herder of a single worker, its Declarative Services component, and the connector files named
 * on the command line.
 */
package io.fluxgate.runtime.standalone;
