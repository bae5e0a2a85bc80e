/**
 * Finding plugin classes in jars that declare none (no KIP-898 manifest), as Kafka Connect's reflective scan does,
 * without a reflection library and without loading every class: each class file's header (access flags, super class,
 * interfaces) is read, the hierarchy is followed inside the jar, and only the classes that end up implementing a
 * plugin interface are loaded. Private: the bundle exports nothing.
 */
package io.fluxgate.plugins.scan;
