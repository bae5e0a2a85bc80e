package io.fluxgate.testplugins.threadleak;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Starts a thread as its class is initialized and never stops it, as some client libraries' background threads do.
 * The thread is a daemon so that a test JVM can still exit.
 */
public class LeakingSourceConnector extends SourceConnector {

    static {
        Thread thread = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // ignores interruption, as leaked threads do
                }
            }
        }, "fluxgate-test-leaked-thread");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void start(Map<String, String> props) {
    }

    @Override
    public Class<? extends Task> taskClass() {
        return null;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return List.of();
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return new ConfigDef();
    }

    @Override
    public String version() {
        return "0.0.1";
    }
}
