package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A private copy of the assembled distribution (so that tests never share its data/ or logs/), and the processes
 * started from it through its bin/ scripts, exactly as a user starts them.
 */
final class Distribution {

    final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    /** Copies the exploded distribution built by the distribution module into {@code dir}. */
    static Distribution copyInto(Path dir) throws IOException {
        Path source = Path.of(System.getProperty("fluxgate.distribution"));
        if (!Files.isDirectory(source.resolve("bin"))) {
            throw new IllegalStateException("No assembled distribution at " + source + ": run mvn verify");
        }
        Path home = dir.resolve("fluxgate");
        try (Stream<Path> files = Files.walk(source)) {
            files.forEach(from -> {
                Path to = home.resolve(source.relativize(from).toString());
                try {
                    if (Files.isDirectory(from)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return new Distribution(home);
    }

    /** The shipped config/connect-standalone.properties, as a map to adjust. */
    Map<String, String> shippedStandaloneConfig() throws IOException {
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(home.resolve("config/connect-standalone.properties"))) {
            props.load(reader);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }

    /** Writes {@code props} as a worker properties file under config/ and returns its path. */
    Path writeConfig(String name, Map<String, String> props) throws IOException {
        StringBuilder text = new StringBuilder();
        props.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Path file = home.resolve("config").resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Starts {@code bin/<script> args...} without class data sharing (no archive written at each exit). */
    Process start(String script, String... args) throws IOException {
        return start(Map.of("FLUXGATE_CDS", "false"), script, args);
    }

    /**
     * Starts {@code bin/<script> args...} in the distribution's directory, output to logs/; {@code env} on top of
     * this process's environment, a null value unsetting the variable (the scripts' own default then applies).
     */
    Process start(Map<String, String> env, String script, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(home.resolve("bin").resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("LOG_DIR", home.resolve("logs").toString());
        builder.environment().put("KAFKA_HEAP_OPTS", "-Xms64M -Xmx512M");
        env.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        builder.redirectOutput(home.resolve("logs/stdout.txt").toFile());
        builder.redirectError(home.resolve("logs/stderr.txt").toFile());
        return builder.start();
    }

    String stderr() throws IOException {
        return Files.readString(home.resolve("logs/stderr.txt"));
    }

    String stdout() throws IOException {
        return Files.readString(home.resolve("logs/stdout.txt"));
    }

    /** Java processes still running from this distribution's directory. */
    List<ProcessHandle> leftoverProcesses() {
        String marker = "-Dfluxgate.home=" + home;
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * {@code count} ports free now and all different: held open together while chosen, as two calls of
     * {@link #freePort()} may return the same port (a worker whose broker took its REST port could not start).
     */
    static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
