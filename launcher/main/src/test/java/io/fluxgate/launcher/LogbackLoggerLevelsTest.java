package io.fluxgate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.fluxgate.boot.logging.LoggerLevel;

/** Logger levels over a real logback context: a change is what gets logged from then on. */
class LogbackLoggerLevelsTest {

    private static final long NOW = 1_700_000_000_000L;

    private LoggerContext context;
    private LogbackLoggerLevels levels;
    private ListAppender<ILoggingEvent> logged;

    @BeforeEach
    void freshContext() {
        context = new LoggerContext();
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        logged = new ListAppender<>();
        logged.setContext(context);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
        levels = new LogbackLoggerLevels(context, () -> NOW);
    }

    @Test
    void aChangedLevelChangesWhatIsLogged() {
        Logger task = context.getLogger("org.apache.kafka.connect.runtime.WorkerSinkTask");
        task.debug("before");
        assertTrue(logged.list.isEmpty());

        List<String> affected = levels.setLevel("org.apache.kafka.connect", "DEBUG");

        task.debug("after");
        assertEquals(List.of("after"), logged.list.stream().map(ILoggingEvent::getMessage).toList());
        // Logback keeps a logger for every level of a name, where log4j2 keeps only those asked for.
        assertEquals(List.of("org.apache.kafka.connect", "org.apache.kafka.connect.runtime",
                "org.apache.kafka.connect.runtime.WorkerSinkTask"), affected);
        assertEquals(new LoggerLevel("DEBUG", NOW), levels.level("org.apache.kafka.connect.runtime.WorkerSinkTask")
                .orElseThrow());
    }

    @Test
    void onlyLoggersWhoseLevelChangedAreNamed() {
        context.getLogger("a.b.c");
        assertEquals(List.of("a", "a.b", "a.b.c"), levels.setLevel("a", "WARN"));
        assertEquals(List.of(), levels.setLevel("a", "WARN"));
        assertEquals(List.of("a.b", "a.b.c"), levels.setLevel("a.b", "ERROR"));
    }

    @Test
    void theRootIsCalledRootAndAChangeReachesEveryLogger() {
        context.getLogger("x.y");
        assertEquals(new LoggerLevel("INFO", null), levels.level("root").orElseThrow());
        assertTrue(levels.all().containsKey("root"));
        assertFalse(levels.all().containsKey("ROOT"));

        List<String> affected = levels.setLevel("root", "ERROR");

        assertTrue(affected.containsAll(List.of("root", "x", "x.y")), affected.toString());
        assertEquals("ERROR", levels.level("").orElseThrow().level());
    }

    @Test
    void anUnknownLoggerIsNotCreatedByAsking() {
        assertTrue(levels.level("no.such.logger").isEmpty());
        assertNull(context.exists("no.such.logger"));
    }

    @Test
    void levelsAreKafkasUpperCaseNamesWithFatalAsError() {
        assertTrue(levels.isValidLevel("FATAL"));
        assertTrue(levels.isValidLevel("TRACE"));
        assertFalse(levels.isValidLevel("debug"));
        assertFalse(levels.isValidLevel("LOUD"));
        assertThrows(IllegalArgumentException.class, () -> levels.setLevel("a", "LOUD"));
        levels.setLevel("a", "FATAL");
        assertEquals("ERROR", levels.level("a").orElseThrow().level());
    }

    @Test
    void loggersTurnedOffAreNotListed() {
        levels.setLevel("quiet", "OFF");
        assertFalse(levels.all().containsKey("quiet"));
        assertEquals("OFF", levels.level("quiet").orElseThrow().level());
    }
}
