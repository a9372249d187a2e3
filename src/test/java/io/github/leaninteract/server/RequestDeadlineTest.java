package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One deadline per request (issue 7.4): a request's timeout bounds the restart, the reload of the cache and
 * memory back-offs done for it. The class timeout only keeps a broken build from hanging; no assertion here
 * is about how long something took.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(120)
class RequestDeadlineTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    /**
     * A simulator that, the first time it is started while {@code marker} exists, takes ten minutes over each
     * unpickle (it deletes the marker as it starts, so the next start is an ordinary one).
     */
    private static LeanReplConfig slowUnpicklesOnceMarked(Path marker) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
                "if [ -e \"$0\" ]; then rm -f \"$0\"; exec \"$@\" --unpickle-delay 600000; fi; exec \"$@\"",
                marker.toString()));
        argv.addAll(ReplSimulator.command());
        return LeanReplConfig.builder().replCommand(argv).enableIncrementalOptimization(false)
                .enableParallelElaboration(false).build();
    }

    @Test
    void anEagerReloadThatHangsIsCutByTheRequestsDeadlineAndItsStatesComeBackOnFirstUse() throws Exception {
        Path marker = tmp.resolve("slow-unpickles");
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(slowUnpicklesOnceMarked(marker), cache));
        server.run(Command.of("def kept := 21"), true);
        server.run(Command.of("def other := 5"), true);
        Files.createFile(marker);
        crash(server);

        // No restoreTimeout: only the request's own timeout can cut the hanging reload short.
        assertEquals("3", info(server.run(Command.of("#eval 1 + 2"), Duration.ofSeconds(10))));
        assertFalse(Files.exists(marker), "the REPL with slow unpickles was started");
        assertFalse(cache.isRestoredIn(-1, server), "the cut reload left -1 for its first use");
        assertEquals("21", info(server.run(Command.of("#eval kept").withEnv(-1), Duration.ofSeconds(30))));
        assertEquals("5", info(server.run(Command.of("#eval other").withEnv(-2), Duration.ofSeconds(30))));
    }

    @Test
    void aMemoryBackOffThatWouldPassTheDeadlineFailsTheRequestAtOnce() {
        // Any machine uses more than the smallest fraction of its memory: every check finds pressure. With 40
        // attempts and a 1 s base the back-offs would add up to years.
        AutoLeanServer server = closer.add(AutoLeanServer.builder(Simulated.config())
                .maxTotalMemory(Double.MIN_VALUE).maxRestartAttempts(40).restartBackoff(Duration.ofSeconds(1))
                .build());
        LeanMemoryException e = assertThrows(LeanMemoryException.class,
                () -> server.run(Command.of("def x := 1"), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().contains("timeout of PT2S"), e.getMessage());
        assertFalse(server.isAlive(), "killed for memory");
    }

    @Test
    void aRequestWithoutTimeoutStillWaitsOutTheBackOff() {
        // Without a deadline the back-off is waited, and the attempts end in LeanMemoryException as before.
        AutoLeanServer server = closer.add(AutoLeanServer.builder(Simulated.config())
                .maxTotalMemory(Double.MIN_VALUE).maxRestartAttempts(2).restartBackoff(Duration.ofMillis(1))
                .build());
        LeanMemoryException e = assertThrows(LeanMemoryException.class, () -> server.run(Command.of("def x := 1")));
        assertTrue(e.getMessage().contains("restarted 2 time(s)"), e.getMessage());
    }
}
