package io.fluxgate.testplugins.hostile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import org.apache.kafka.common.config.ConfigDef;

/**
 * The hostile behaviours, picked by the connector setting {@code mode} (one at a time, so that a test names what it
 * provokes): {@code hang-<call>} hangs in that call, swallowing every interrupt, until the file {@code release.file}
 * exists; {@code oom} and {@code soe} throw {@link OutOfMemoryError} and {@link StackOverflowError} from poll()/put();
 * {@code allocate} keeps every array it allocates in poll() until the heap is full; {@code spawn-threads} starts
 * threads in start() (a plain thread that ends when interrupted, and an executor's idle thread that does not) and never
 * stops them. Any other mode, or none, behaves. {@link HostileConverter} and {@link HostileTransformation} read the
 * same settings from their own configuration ({@code hang-configure}, {@code hang-close}).
 */
final class Hostility {

    static final String MODE = "mode";
    static final String RELEASE_FILE = "release.file";
    static final String THREADS = "spawn.threads";

    static final ConfigDef CONFIG = new ConfigDef()
            .define(MODE, ConfigDef.Type.STRING, "none", ConfigDef.Importance.HIGH, "The hostile behaviour")
            .define(RELEASE_FILE, ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW,
                    "Hung calls return once this file exists")
            .define(THREADS, ConfigDef.Type.INT, 2, ConfigDef.Importance.LOW,
                    "Plain threads spawn-threads starts in each start()")
            .define("topic", ConfigDef.Type.STRING, "hostile", ConfigDef.Importance.LOW, "Unused");

    private final String mode;
    private final String releaseFile;
    private final int threads;
    /** Held on purpose: what {@code allocate} fills the heap with. */
    private final List<byte[]> hoard = new ArrayList<>();

    private Hostility(String mode, String releaseFile, int threads) {
        this.mode = mode;
        this.releaseFile = releaseFile;
        this.threads = threads;
    }

    static Hostility of(Map<String, String> props) {
        return new Hostility(props.getOrDefault(MODE, "none"), props.getOrDefault(RELEASE_FILE, ""),
                Integer.parseInt(props.getOrDefault(THREADS, "2")));
    }

    static Hostility none() {
        return new Hostility("none", "", 0);
    }

    boolean is(String candidate) {
        return mode.equals(candidate);
    }

    /** Hangs if the mode is {@code hang-<call>}: sleeps until the release file exists, deaf to interrupts. */
    void maybeHang(String call) {
        if (!mode.equals("hang-" + call)) {
            return;
        }
        while (releaseFile.isEmpty() || !Files.exists(Path.of(releaseFile))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException swallowed) {
                // deaf on purpose: the worker must not rely on a plugin honouring interrupts
            }
        }
    }

    /** What poll() or put() does besides hanging: throw an Error, or fill the heap. */
    void maybeFailHard() {
        if (mode.equals("oom")) {
            throw new OutOfMemoryError("Java heap space (thrown by the hostile test plugin)");
        }
        if (mode.equals("soe")) {
            recurse(0);
        }
        if (mode.equals("allocate")) {
            while (true) {
                hoard.add(new byte[1 << 20]);
            }
        }
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    /** Starts threads it never stops, if the mode is {@code spawn-threads}; {@code owner} names them. */
    void maybeSpawnThreads(String owner) {
        if (!mode.equals("spawn-threads")) {
            return;
        }
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(Hostility::sleepUntilInterrupted, "hostile-" + owner + "-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        // An executor never shut down: its idle worker survives interrupts (ThreadPoolExecutor retries the take).
        ThreadFactory defaults = Executors.defaultThreadFactory();
        ExecutorService pool = Executors.newFixedThreadPool(1, task -> {
            Thread thread = defaults.newThread(task);
            thread.setName("hostile-" + owner + "-pool");
            thread.setDaemon(true); // a test JVM must still be able to exit
            return thread;
        });
        pool.execute(() -> { });
    }

    private static void sleepUntilInterrupted() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            // ends: a thread that honours interrupts
        }
    }

    @Override
    public String toString() {
        return mode;
    }
}
