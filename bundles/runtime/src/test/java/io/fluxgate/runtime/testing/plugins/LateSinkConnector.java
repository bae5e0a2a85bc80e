package io.fluxgate.runtime.testing.plugins;

import org.apache.kafka.connect.file.FileStreamSinkConnector;

/** Apache's file sink under another name: a plugin a test installs only after the worker started. */
public class LateSinkConnector extends FileStreamSinkConnector {
}
