package io.fluxgate.testplugins.versioned;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This build's release (1.0.0 or 2.0.0), from a resource the build filters: every plugin here reports it. */
final class Release {

    static final String VERSION = read();

    private Release() {
    }

    private static String read() {
        Properties props = new Properties();
        try (InputStream in = Release.class.getResourceAsStream("release.properties")) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return props.getProperty("release");
    }
}
