/**
 * How connector instances and tasks report their state changes (started, paused, failed...) to whoever keeps their
 * status: below the worker and the tasks, which report, and the herders, which listen.
 */
package io.fluxgate.runtime.status;
