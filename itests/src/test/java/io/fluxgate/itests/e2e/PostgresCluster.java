package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for one test class, from the PostgreSQL installed on the machine: initdb into a fresh
 * directory, a free port on 127.0.0.1 only, logical decoding on (what Debezium's pgoutput plugin needs), trust
 * authentication for one test user on loopback; started with pg_ctl and, on {@link #close()}, stopped with
 * {@code pg_ctl stop -m fast} and its directory removed. SQL runs through the server's own {@code psql}, so the tests
 * need no JDBC driver (and Apache's worker, whose class path is the test's, sees none besides Debezium's).
 */
final class PostgresCluster implements AutoCloseable {

    /** The test user: a superuser, so that it may create publications and replication slots. */
    static final String USER = "fluxgate";
    static final String DATABASE = "postgres";
    /** The user initdb and pg_ctl run as when the tests run as root, which initdb refuses. */
    private static final String SERVICE_USER = "postgres";

    private final Path bin;
    private final Path dir;
    private final boolean asServiceUser;
    final int port;

    private PostgresCluster(Path bin, Path dir, boolean asServiceUser, int port) {
        this.bin = bin;
        this.dir = dir;
        this.asServiceUser = asServiceUser;
        this.port = port;
    }

    /**
     * The directory of the newest installed PostgreSQL's server programs: Debian's /usr/lib/postgresql/N/bin, else
     * the directory of an initdb on the PATH; empty when there is none.
     */
    static Optional<Path> installation() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            Optional<Path> debian = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("psql")))
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
            if (debian.isPresent()) {
                return debian;
            }
        } catch (IOException e) {
            // no Debian layout: look on the PATH
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(p -> Path.of(p))
                .filter(p -> Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))
                        && Files.isExecutable(p.resolve("psql")))
                .map(p -> p.resolve("initdb").toAbsolutePath())
                .map(PostgresCluster::realParent)
                .findFirst();
    }

    private static Path realParent(Path program) {
        try {
            return program.toRealPath().getParent();
        } catch (IOException e) {
            return program.getParent();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Creates and starts a cluster with the programs of {@code bin}; waits until it accepts connections. */
    static PostgresCluster start(Path bin) throws IOException, InterruptedException {
        boolean root = "0".equals(run(List.of("id", "-u"), null).trim());
        // Not under a JUnit @TempDir: those are private to root, and the server may run as another user.
        Path dir = Files.createTempDirectory("fluxgate-postgres");
        int port = Distribution.freePort();
        PostgresCluster cluster = new PostgresCluster(bin, dir, root, port);
        try {
            cluster.initialize();
            cluster.serverCommand("pg_ctl", "-D", cluster.data().toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "start");
            cluster.sql("SELECT 1");
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void initialize() throws IOException, InterruptedException {
        if (asServiceUser) {
            run(List.of("chown", SERVICE_USER + ":", dir.toString()), null);
        }
        serverCommand("initdb", "-D", data().toString(), "-U", USER, "--auth=trust", "--encoding=UTF8",
                "--locale=C", "--no-sync");
        // Trust on loopback for the test user only, for SQL and for replication connections.
        Files.writeString(data().resolve("pg_hba.conf"), """
                # TYPE  DATABASE     USER      ADDRESS        METHOD
                host    all          %1$s  127.0.0.1/32   trust
                host    replication  %1$s  127.0.0.1/32   trust
                """.formatted(USER), StandardCharsets.UTF_8);
        Files.writeString(data().resolve("postgresql.conf"), """

                # Fluxgate's tests: loopback only, no Unix socket (its directory may not exist here), logical
                # decoding for Debezium's pgoutput, a slot and a WAL sender per connector with room to spare.
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = ''
                wal_level = logical
                max_replication_slots = 20
                max_wal_senders = 20
                # A throwaway cluster: durability costs time and buys nothing.
                fsync = off
                synchronous_commit = off
                full_page_writes = off
                """.formatted(port), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    /** Runs {@code program args} from the server's bin directory, as the service user when we are root. */
    private String serverCommand(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asServiceUser) {
            command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return run(command, null);
    }

    /** Runs {@code statements} (one or more, separated by semicolons) in one psql session; answers its output. */
    String sql(String statements) throws IOException, InterruptedException {
        return run(List.of(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER,
                "-d", DATABASE, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-f", "-"), statements);
    }

    /** The last {@code lines} lines of the server's log, for failure messages. */
    String serverLogTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("server.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /** Stops the server (pg_ctl stop -m fast; kill -9 of its postmaster if that fails) and removes its directory. */
    @Override
    public void close() {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                try {
                    serverCommand("pg_ctl", "-D", data().toString(), "-m", "fast", "-w", "-t", "30", "stop");
                } catch (IOException e) {
                    killPostmaster();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killPostmaster();
        } finally {
            deleteTree(dir);
        }
    }

    /** The postmaster's process id is the first line of postmaster.pid. */
    private void killPostmaster() {
        try {
            long pid = Long.parseLong(Files.readAllLines(data().resolve("postmaster.pid")).get(0).trim());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | RuntimeException e) {
            System.err.println("PostgresCluster: could not stop the server in " + dir + ": " + e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("PostgresCluster: could not remove " + dir + ": " + e);
        }
    }

    /** Runs {@code command} with {@code input} on its stdin; answers its stdout, throws with its output on failure. */
    private static String run(List<String> command, String input) throws IOException, InterruptedException {
        Path out = Files.createTempFile("fluxgate-postgres-cmd", ".out");
        try {
            // Output to a file, not a pipe: pg_ctl's server inherits nothing the test would wait on.
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            String output = Files.readString(out);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + output + (input == null ? "" : "\ninput: " + input));
            }
            return output;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL at 127.0.0.1:" + port + " (" + bin + ")";
    }
}
