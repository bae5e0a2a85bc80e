/** The config topic: its record format, the state its records build, and the store. */
package io.fluxgate.storage.config;
