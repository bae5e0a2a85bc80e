/**
 * Single message transformations and predicates (Apache's connect-transforms or any plugin), chained as a connector's
 * {@code transforms} and {@code predicates} settings describe them.
 */
package io.fluxgate.runtime.transforms;
