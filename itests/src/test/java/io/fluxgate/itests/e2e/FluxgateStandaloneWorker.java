package io.fluxgate.itests.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Fluxgate's standalone worker: a private copy of the assembled distribution started through
 * {@code bin/connect-standalone.sh} ({@link RunningWorker}), its embedded broker off and the test's broker given
 * instead. Its offsets stay in the copy's data/connect.offsets across restarts.
 */
final class FluxgateStandaloneWorker extends StandaloneWorker {

    private final Distribution dist;
    private final Map<String, String> settings;
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
        running = RunningWorker.start(dist, settings);
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
