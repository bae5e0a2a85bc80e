package io.fluxgate.itests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Felix Web Console of the assembled distribution, driven in a real browser (headless Chromium through the
 * DevTools protocol): log in, see the quickstart connector RUNNING on the Fluxgate page and its records chart move
 * as lines flow through it, pause it from there and see it PAUSED, drop a plugin into plugins/ and see it listed
 * without a reload. Around it, over plain HTTP: a wrong or
 * the built-in admin password is refused, secrets never appear on any console page, actions need the page's own
 * header; and without console.password nothing of the console listens, nor Felix HTTP's default port 8080.
 */
class WebConsoleTest {

    private static final String USER = "operator";
    private static final String PASSWORD = "console-Pw-4e2e-7f31";
    private static final String JAAS_SECRET = "jaas-secret-9c1d2b";
    private static final String KEY_SECRET = "key-secret-5a8e0f";
    private static final String CONNECTOR = "local-file-source";
    private static final String STALLED = "stalled-source";
    private static final String PLUGIN = "io.fluxgate.testplugins.alltypes.AllTypesSinkConnector";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void operatorPausesAConnectorAndSeesAHotDeployInTheBrowser(@TempDir Path dir) throws Exception {
        Optional<Path> chromium = HeadlessChromium.binary();
        if (chromium.isEmpty()) {
            System.out.println("WebConsoleTest: skipped, no chromium binary on PATH (.ci/run installs Debian's)");
        }
        assumeTrue(chromium.isPresent(), "no chromium binary on PATH: the browser test needs Debian's chromium");
        Distribution dist = Distribution.copyInto(dir);
        int consolePort = Distribution.freePort();
        // The password through a config provider, as the worker's other settings may give theirs.
        Map<String, String> settings = consoleSettings(consolePort);
        settings.put("console.password", "${env:FLUXGATE_TEST_CONSOLE_PASSWORD}");
        settings.put("config.providers", "env");
        settings.put("config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        settings.put("fluxgate.task.stall.timeout.ms", "3000"); // a stalled task on the page within seconds
        try (RunningWorker worker = RunningWorker.start(dist, settings,
                Map.of("FLUXGATE_TEST_CONSOLE_PASSWORD", PASSWORD))) {
            String console = "http://127.0.0.1:" + consolePort + "/system/console";
            worker.create(CONNECTOR, "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\","
                    + "\"file\":\"test.txt\",\"topic\":\"connect-test\"}");
            // A sink whose task fails at once (its file's directory does not exist): its trace is on the page.
            worker.create("broken-sink", "{\"connector.class\":\"FileStreamSink\",\"tasks.max\":\"1\","
                    + "\"topics\":\"connect-test\",\"file\":\"/nonexistent-dir/fluxgate/out.txt\"}");
            Set<Integer> ports = listeningPorts(worker.pid());
            assertTrue(ports.contains(consolePort), "the console listens: " + ports);
            assertFalse(ports.contains(8080), "nothing on Felix HTTP's default port: " + ports);

            assertEquals(401, get(console + "/fluxgate", null).statusCode(), "no credentials");
            assertEquals(401, get(console + "/fluxgate", "admin:admin").statusCode(), "Felix's default login");
            assertEquals(401, get(console + "/fluxgate", USER + ":wrong").statusCode(), "a wrong password");
            assertEquals(401, get(console + "/bundles", USER + ":" + PASSWORD + "x").statusCode());
            assertEquals(200, get(console + "/fluxgate", USER + ":" + PASSWORD).statusCode());

            try (HeadlessChromium browser = HeadlessChromium.start(chromium.get())) {
                browser.basicAuth(USER, PASSWORD);
                browser.navigate(console + "/fluxgate");
                String state = "document.querySelector('tr[data-connector=\"" + CONNECTOR + "\"] td.state')";
                browser.await("the connector shows RUNNING", Duration.ofSeconds(30),
                        state + " && " + state + ".textContent === 'RUNNING'");
                // A mark in the page: still there at the end means nothing was reloaded.
                browser.eval("window.fluxgateTestMark = 'no reload'");
                assertChartsFollowTheRecords(browser, dist.home.resolve("test.txt"), console);

                browser.eval("document.querySelector('button[data-action=\"pause\"][data-connector=\"" + CONNECTOR
                        + "\"]').click()");
                browser.await("the connector shows PAUSED", Duration.ofSeconds(30),
                        state + " && " + state + ".textContent === 'PAUSED'");
                assertEquals("PAUSED", worker.connectorStatus(CONNECTOR).path("connector").path("state").asText(),
                        "paused through the herder the REST API uses");

                Path jar = testPluginJar("test-plugin-all-types");
                Path staged = dist.home.resolve("all-types.jar.part");
                Files.copy(jar, staged);
                Files.move(staged, dist.home.resolve("plugins/all-types.jar"), StandardCopyOption.ATOMIC_MOVE);
                browser.await("the dropped plugin is listed", Duration.ofSeconds(30),
                        "document.querySelector('tr[data-plugin=\"" + PLUGIN + "\"]')");
                // And a jar that is no plugin: listed with its reason among the rejected ones.
                Path notAPlugin = testPluginJar("test-plugin-not-a-plugin");
                Files.copy(notAPlugin, staged);
                Files.move(staged, dist.home.resolve("plugins/not-a-plugin.jar"), StandardCopyOption.ATOMIC_MOVE);
                browser.await("the rejected jar is listed", Duration.ofSeconds(30),
                        "document.querySelector('#fluxgate-problems tbody').innerText.includes('not-a-plugin.jar')");
                browser.await("the failed task's trace is shown", Duration.ofSeconds(30),
                        "[...document.querySelectorAll('#fluxgate-connectors summary')].some(s => s.textContent"
                                + " === 'Task broken-sink-0 failed: trace')");
                browser.eval("document.querySelector('#fluxgate-connectors details').setAttribute('open', '')");
                Path pipe = assertAStalledTaskIsShownStalled(browser, worker, dir);
                assertEquals("no reload", browser.eval("window.fluxgateTestMark").asText());
                String row = browser.eval("document.querySelector('tr[data-plugin=\"" + PLUGIN
                        + "\"]').innerText").asText();
                assertTrue(row.contains("all-types.jar") && row.contains("sink"), row);

                byte[] png = browser.screenshot();
                Path target = Path.of("target/console-fluxgate-page.png");
                Files.write(target, png);
                Path docs = Path.of("../docs");
                if (Files.isDirectory(docs)) {
                    Files.write(docs.resolve("console-fluxgate-page.png"), png);
                }

                Files.writeString(pipe, "released\n"); // the stalled task's poll() returns
                worker.delete(STALLED);

                assertAnotherSiteChangesNothing(browser, worker, console);
            }

            assertNoSecretOnAnyPage(console);
            assertActionsNeedThePage(console);
        }
    }

    /**
     * A source hung in poll() (Apache's FileStreamSource reading a named pipe nobody writes): the page marks its task
     * STALLED beside its RUNNING state, shows the reason open on a row of its own, and counts it in the status line.
     * Returns the pipe, whose writing releases the task.
     */
    private Path assertAStalledTaskIsShownStalled(HeadlessChromium browser, RunningWorker worker, Path dir)
            throws Exception {
        Path pipe = dir.resolve("nobody-writes.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor(), "mkfifo");
        worker.create(STALLED, "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"1\",\"file\":"
                + JSON.writeValueAsString(pipe.toString()) + ",\"topic\":\"stalled\"}");
        String task = "document.querySelector('tr[data-connector=\"" + STALLED + "\"] div.task')";
        browser.await("the stalled task is shown stalled", Duration.ofSeconds(30), task + " && " + task
                + ".querySelector('span.stalled') && [...document.querySelectorAll('#fluxgate-connectors tr.stall')]"
                + ".some(r => r.textContent.startsWith('Task " + STALLED + "-0 is stalled: Stalled: poll() has not "
                + "returned for over 3 s'))");
        assertEquals("#0 RUNNING STALLED on", browser.eval(task + ".textContent").asText()
                .replaceAll(" on .*", " on"));
        String status = browser.eval("document.getElementById('fluxgate-status').textContent").asText();
        assertTrue(status.contains("1 task(s) stalled"), status);
        return pipe;
    }

    /**
     * Lines are appended to the source's file while the page polls: the connector's records chart shows a non-zero
     * records/s out, read from the worker's own task metrics, and moves with each poll without a reload. The sink
     * has a lag chart; the polled JSON gives each connector exactly the charted values.
     */
    private void assertChartsFollowTheRecords(HeadlessChromium browser, Path sourceFile, String console)
            throws Exception {
        ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
        AtomicInteger written = new AtomicInteger();
        feeder.scheduleAtFixedRate(() -> {
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                lines.append("line ").append(written.getAndIncrement()).append('\n');
            }
            try {
                Files.writeString(sourceFile, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        try {
            String chart = "document.querySelector('figure[data-chart=\"records\"][data-connector=\"" + CONNECTOR
                    + "\"]')";
            browser.await("the connector's chart shows records/s out", Duration.ofSeconds(60),
                    chart + " && Number(" + chart + ".dataset.out) > 0 && "
                            + chart + ".querySelector('path.line-out')");
            JsonNode first = browser.eval("({out: " + chart + ".dataset.out, samples: Number(" + chart
                    + ".dataset.samples)})");
            browser.await("the chart moves on", Duration.ofSeconds(30), chart + ".dataset.out !== '"
                    + first.path("out").asText() + "' && Number(" + chart + ".dataset.samples) > "
                    + first.path("samples").asInt());
            double out = browser.eval("Number(" + chart + ".dataset.out)").asDouble();
            assertTrue(out > 0, "records/s out " + out + ", first " + first);
            System.out.println("WebConsoleTest: records/s out " + first.path("out").asText() + " then " + out
                    + " after " + written.get() + " lines");
        } finally {
            feeder.shutdownNow();
        }
        browser.await("the sink has a lag chart", Duration.ofSeconds(10),
                "document.querySelector('figure[data-chart=\"lag\"][data-connector=\"broken-sink\"]')");
        JsonNode connectors = JSON.readTree(get(console + "/fluxgate/data.json", USER + ":" + PASSWORD).body())
                .path("connectors");
        assertEquals(2, connectors.size(), connectors.toString());
        for (JsonNode connector : connectors) {
            List<String> fields = new ArrayList<>();
            connector.path("metrics").fieldNames().forEachRemaining(fields::add);
            assertEquals(List.of("recordsIn", "recordsOut", "recordErrors", "recordFailures", "recordsSkipped", "lag"),
                    fields, connector.toString());
        }
    }

    /**
     * A page of another site, opened in the operator's browser (which sends the console's credentials with every
     * request, as one that has logged in does), posts to the console: to the Fluxgate page's action, to stop a bundle
     * (Felix's own page, which checks nothing itself) and through a plain HTML form. Nothing changes; the console's
     * own pages still change things.
     */
    private void assertAnotherSiteChangesNothing(HeadlessChromium browser, RunningWorker worker, String console)
            throws Exception {
        long bundle = bundleId(console, "all-types");
        assertEquals("Active", bundleState(console, bundle));
        String attack = """
                <html><body>
                <form id="form" method="POST" action="%1$s/bundles/%2$d"><input name="action" value="stop"></form>
                <script>
                  const post = (path, body) => fetch('%1$s' + path, {method: 'POST', mode: 'no-cors',
                      credentials: 'include', body: new URLSearchParams(body)});
                  window.attempts = Promise.allSettled([
                    post('/fluxgate/action', {action: 'resume', connector: '%3$s'}),
                    post('/bundles/%2$d', {action: 'stop'}),
                  ]).then(() => 'done');
                </script></body></html>
                """.formatted(console, bundle, CONNECTOR);
        HttpServer otherSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        otherSite.createContext("/", exchange -> {
            byte[] page = attack.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html;charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        otherSite.start();
        try {
            browser.navigate("http://127.0.0.1:" + otherSite.getAddress().getPort() + "/");
            browser.await("the other site's requests are done", Duration.ofSeconds(30),
                    "window.attempts !== undefined");
            assertEquals("done", browser.eval("window.attempts").asText());
            browser.eval("document.getElementById('form').submit()");
            browser.await("the form's answer", Duration.ofSeconds(30),
                    "location.href.startsWith('" + console + "') && document.body"
                            + " && document.body.innerText.includes('Refused')");
        } finally {
            otherSite.stop(0);
        }
        assertEquals("Active", bundleState(console, bundle), "the other site stopped a bundle");
        assertEquals("PAUSED", worker.connectorStatus(CONNECTOR).path("connector").path("state").asText(),
                "the other site resumed the connector");

        // The console's own pages: the Fluxgate page's button, and a bundle stopped and started as Felix's page does.
        browser.navigate(console + "/fluxgate");
        String state = "document.querySelector('tr[data-connector=\"" + CONNECTOR + "\"] td.state')";
        browser.await("the page is back", Duration.ofSeconds(30), state);
        browser.eval("document.querySelector('button[data-action=\"resume\"][data-connector=\"" + CONNECTOR
                + "\"]').click()");
        browser.await("the connector shows RUNNING", Duration.ofSeconds(30),
                state + " && " + state + ".textContent === 'RUNNING'");
        String felixPost = "fetch('" + console + "/bundles/" + bundle + "', {method: 'POST',"
                + " body: new URLSearchParams({action: '%s'})}).then(r => r.status)";
        assertEquals(200, browser.eval(felixPost.formatted("stop")).asInt());
        assertEquals("Resolved", bundleState(console, bundle));
        assertEquals(200, browser.eval(felixPost.formatted("start")).asInt());
        assertEquals("Active", bundleState(console, bundle));
    }

    private long bundleId(String console, String nameContains) throws IOException, InterruptedException {
        for (JsonNode bundle : bundles(console)) {
            if (bundle.path("symbolicName").asText().contains(nameContains)) {
                return bundle.path("id").asLong();
            }
        }
        throw new AssertionError("no bundle named like " + nameContains);
    }

    private String bundleState(String console, long id) throws IOException, InterruptedException {
        for (JsonNode bundle : bundles(console)) {
            if (bundle.path("id").asLong() == id) {
                return bundle.path("state").asText();
            }
        }
        throw new AssertionError("no bundle " + id);
    }

    private JsonNode bundles(String console) throws IOException, InterruptedException {
        return JSON.readTree(get(console + "/bundles.json", USER + ":" + PASSWORD).body()).path("data");
    }


    @Test
    void withoutAPasswordNothingListens(@TempDir Path dir) throws Exception {
        Distribution dist = Distribution.copyInto(dir);
        int consolePort = Distribution.freePort();
        Map<String, String> settings = consoleSettings(consolePort);
        settings.remove("console.password");
        try (RunningWorker worker = RunningWorker.start(dist, settings)) {
            Set<Integer> ports = listeningPorts(worker.pid());
            assertFalse(ports.contains(consolePort), "the console port: " + ports);
            assertFalse(ports.contains(8080), "Felix HTTP's default port: " + ports);
            assertThrowsConnect(consolePort);
            String log = Files.readString(dist.home.resolve("logs/connect.log"));
            assertTrue(log.contains("The Web Console is disabled: set console.password in the worker properties "
                    + "to enable it."), "the log says how to enable it");
            try (Stream<Path> bundles = Files.list(dist.home.resolve("system/console"))) {
                assertTrue(bundles.findAny().isPresent(), "the console is shipped, just not started");
            }
        }
    }

    private static Map<String, String> consoleSettings(int consolePort) {
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("console.listener", "http://127.0.0.1:" + consolePort);
        settings.put("console.username", USER);
        settings.put("console.password", PASSWORD);
        // Secrets of other kinds, which no console page may show either.
        settings.put("producer.sasl.jaas.config", JAAS_SECRET);
        settings.put("ssl.key.password", KEY_SECRET);
        return settings;
    }

    /** Every page and printer of the console that shows configurations, services or components. */
    private void assertNoSecretOnAnyPage(String console) throws IOException, InterruptedException {
        List<String> pages = List.of("fluxgate", "fluxgate/data.json", "bundles", "bundles.json", "services",
                "services.json", "components", "configMgr", "configMgr/io.fluxgate.worker",
                "configMgr/*.json", "status-Configurations.txt", "status-Configurations.json", "status-Services.txt",
                "status-scr.txt", "status-Framework%20Properties.txt", "status-System%20Properties.txt",
                "status-Bundles.txt", "status-Threads.txt", "status-Capabilities.txt", "vmstat", "logs");
        int served = 0;
        for (String page : pages) {
            HttpResponse<String> response = get(console + "/" + page, USER + ":" + PASSWORD);
            served += response.statusCode() == 200 ? 1 : 0;
            assertNoSecret(page, response.body());
        }
        assertTrue(served >= pages.size() - 3, "most pages answer: " + served + " of " + pages.size());
        // The configuration form's JSON, as the configuration page fetches it.
        HttpResponse<String> form = http.send(asTheConsolesPage(console, HttpRequest.newBuilder(URI.create(console
                + "/configMgr/io.fluxgate.worker"))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("console.password") && form.body().contains("[hidden]"), form.body());
        assertNoSecret("configMgr form", form.body());
    }

    private static void assertNoSecret(String page, String body) {
        for (String secret : List.of(PASSWORD, JAAS_SECRET, KEY_SECRET)) {
            assertFalse(body.contains(secret), page + " shows a secret");
        }
    }

    private void assertActionsNeedThePage(String console) throws IOException, InterruptedException {
        String form = "action=resume&connector=" + URLEncoder.encode(CONNECTOR, StandardCharsets.UTF_8);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(console + "/fluxgate/action"))
                .header("Authorization", basic(USER + ":" + PASSWORD))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        assertEquals(403, http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "a cross-site form has no X-Fluxgate-Console header");
        assertEquals(403, http.send(post.copy().header("X-Fluxgate-Console", "action")
                .header("Origin", "http://evil.example").build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "another origin");
        assertEquals(403, http.send(post.copy().header("X-Fluxgate-Console", "action").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "neither origin nor the console's token");
        HttpRequest.Builder fromThePage = asTheConsolesPage(console, post.copy().header("X-Fluxgate-Console", "action"));
        assertEquals(200, http.send(fromThePage.build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "the page's own request");
    }

    /**
     * The request as the console's own page sends it: the credentials, its origin and the token cookie the console
     * gave on a first page.
     */
    private HttpRequest.Builder asTheConsolesPage(String console, HttpRequest.Builder request)
            throws IOException, InterruptedException {
        HttpResponse<String> page = get(console + "/fluxgate", USER + ":" + PASSWORD);
        String cookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("fluxgate-console-token=")).findFirst()
                .orElseThrow(() -> new AssertionError("no token cookie: " + page.headers().map()));
        URI uri = URI.create(console);
        return request.setHeader("Authorization", basic(USER + ":" + PASSWORD))
                .header("Origin", uri.getScheme() + "://" + uri.getAuthority())
                .header("Cookie", cookie.substring(0, cookie.indexOf(';')));
    }

    private HttpResponse<String> get(String url, String credentials) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertThrowsConnect(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            throw new AssertionError("something accepts connections on " + port);
        } catch (ConnectException expected) {
            // refused: nothing listens
        } catch (IOException e) {
            throw new AssertionError("unexpected " + e, e);
        }
    }

    /** The TCP ports the process listens on: its socket inodes matched against /proc/net/tcp and tcp6. */
    static Set<Integer> listeningPorts(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String link = Files.readSymbolicLink(fd).toString();
                    if (link.startsWith("socket:[")) {
                        inodes.add(link.substring(8, link.length() - 1));
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        Set<Integer> ports = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(table)));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                // local_address is hex ip:port, st 0A is LISTEN, inode is the tenth field
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    private static Path testPluginJar(String artifactId) throws IOException {
        Path jars = Path.of(System.getProperty("fluxgate.test.plugins")).resolve("jars");
        try (Stream<Path> files = Files.list(jars)) {
            return files.filter(p -> p.getFileName().toString().startsWith(artifactId + "-")).findFirst()
                    .orElseThrow(() -> new IOException("no test plugin " + artifactId + " in " + jars));
        }
    }
}
