/**
 * The plugins' content, kept per plugin and digest under data/plugin-content/: their archives as their class loader
 * reads them, and what reading them once told (their manifests, the plugins a scan finds, the packages they lack), so
 * that a restart or a re-drop reads nothing twice. Private: the bundle exports nothing.
 */
package io.fluxgate.plugins.content;
