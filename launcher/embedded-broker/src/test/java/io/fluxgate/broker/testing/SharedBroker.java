package io.fluxgate.broker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fluxgate.broker.EmbeddedKafkaBroker;

/**
 * One real KRaft broker for every broker test of a module, started on first use and stopped when the test JVM exits:
 * starting a broker costs seconds, and tests keep apart by using their own topics and names. Shared by the modules
 * whose tests need a broker, as the test jar of this module.
 */
public final class SharedBroker {

    private static EmbeddedKafkaBroker broker;

    private SharedBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("fluxgate-test-broker");
                EmbeddedKafkaBroker started = new EmbeddedKafkaBroker(freePort(), dir);
                started.start();
                broker = started;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "shared-broker-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot start the test broker", e);
            }
        }
        return broker.bootstrapServers();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
