/** The status topic: its record format, the statuses read and written, and the store. */
package io.fluxgate.storage.status;
