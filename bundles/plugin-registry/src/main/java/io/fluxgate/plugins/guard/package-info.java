/**
 * The framework's resolver kept from wiring any bundle to another bundle's copy of a package the platform provides.
 * Private: the bundle exports nothing.
 */
package io.fluxgate.plugins.guard;
