package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Fluxgate's standalone worker: a private copy of the assembled distribution started through
 * {@code bin/connect-standalone.sh} ({@link RunningWorker}), its embedded broker off and the test's broker given
 * instead. Its offsets stay in the copy's data/connect.offsets across restarts.
 */
final class FluxgateStandaloneWorker extends StandaloneWorker {

    final Distribution dist;
    /** The worker properties: {@link StandaloneWorker#settings(String)}, the embedded broker off. */
    final Map<String, String> settings;
    /**
     * The start script's environment on top of RunningWorker's ({@code FLUXGATE_CDS=false} and a 512 MB heap); a
     * null value unsets a variable, so that the distribution's own default applies (a benchmark measuring what a user
     * runs).
     */
    final Map<String, String> env = new HashMap<>();
    private RunningWorker running;

    private FluxgateStandaloneWorker(Distribution dist, Map<String, String> settings) {
        this.dist = dist;
        this.settings = settings;
    }

    static FluxgateStandaloneWorker create(Path dir, String bootstrapServers) throws IOException {
        Map<String, String> settings = settings(bootstrapServers);
        settings.put("fluxgate.embedded.broker.enable", "false");
        return new FluxgateStandaloneWorker(Distribution.copyInto(dir), settings);
    }

    @Override
    Path pluginDirectory() {
        return dist.home.resolve("plugins");
    }

    @Override
    void start() throws IOException, InterruptedException {
        running = RunningWorker.start(dist, settings, env);
    }

    @Override
    void launch() throws IOException {
        running = RunningWorker.launch(dist, settings, env);
    }

    @Override
    boolean isAlive() {
        return running != null && running.process.isAlive();
    }

    @Override
    long pid() {
        return running.pid();
    }

    @Override
    void stop() throws InterruptedException {
        if (running != null) {
            running.close();
        }
    }

    @Override
    ConnectRest rest() {
        return new ConnectRest(running.base);
    }

    @Override
    boolean deploysWhileRunning() {
        return true;
    }

    @Override
    String output() {
        StringBuilder all = new StringBuilder();
        for (String file : new String[] {"logs/connect.log", "logs/stdout.txt", "logs/stderr.txt"}) {
            Path path = dist.home.resolve(file);
            try {
                if (Files.exists(path)) {
                    all.append(Files.readString(path));
                }
            } catch (IOException e) {
                all.append('(').append(path).append(": ").append(e).append(")\n");
            }
        }
        return all.toString();
    }

    @Override
    public String toString() {
        return "Fluxgate standalone worker in " + dist.home;
    }
}
