/**
 * What the control plane remembers, shared by the herders of both modes: connector configurations with their target
 * states and task configurations, and the statuses the worker reports.
 */
package io.fluxgate.runtime.herder;
