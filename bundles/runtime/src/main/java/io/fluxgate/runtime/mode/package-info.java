/**
 * Which herder runs: the standalone one or the distributed one, as the worker's mode says. Above both.
 */
package io.fluxgate.runtime.mode;
