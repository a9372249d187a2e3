package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCacheException;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** How an {@link AutoLeanServer} comes through failures around its restarts, against simulator processes. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class AutoLeanServerFailureTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private AutoLeanServer slowStateServer(boolean lazy) throws IOException {
        // Generous, so that restoring the quick state never reaches it, however loaded the machine.
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.config())
                .sessionCache(new ReplaySessionCache(lazy)).restoreTimeout(Duration.ofSeconds(5)).build());
        // A state that answers at once now, and whose restoring never ends once the gate is gone.
        Path gate = Files.createFile(tmp.resolve("gate"));
        server.run(Command.of("#sim wait-for " + gate), true);
        server.run(Command.of("def quick := 8"), true);
        Files.delete(gate);
        return server;
    }

    @Test
    void anEagerRestoreThatHangsIsCutOffAndTheRequestStillRuns() throws IOException {
        AutoLeanServer server = slowStateServer(false);
        crash(server);
        assertEquals("3", info(server.run(Command.of("#eval 1 + 2"))));
        assertEquals("8", info(server.run(Command.of("#eval quick").withEnv(-2))));
    }

    @Test
    void aLazyRestoreThatHangsIsCutOffByTheRestoreTimeout() throws IOException {
        AutoLeanServer server = slowStateServer(true);
        crash(server);
        SessionCacheException e = assertThrows(SessionCacheException.class,
                () -> server.run(Command.of("#eval 1").withEnv(-1)));
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("timed out"), e.getMessage());
        assertEquals("8", info(server.run(Command.of("#eval quick").withEnv(-2))));
    }

    @Test
    void aReplThatCannotStartAfterACrashFailsTheRequestUntilItCanAndNoStateIsLost() throws Exception {
        Path marker = tmp.resolve("refuse-to-start");
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c",
                "if [ -e \"$0\" ]; then echo \"refusing to start: $0 exists\" >&2; exit 3; fi; exec \"$@\"",
                marker.toString()));
        argv.addAll(ReplSimulator.command());
        LeanReplConfig config = LeanReplConfig.builder().replCommand(argv).enableIncrementalOptimization(false)
                .enableParallelElaboration(false).build();
        PickleSessionCache cache = closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10)));
        AutoLeanServer server = closer.add(Simulated.autoServer(config, cache));
        server.run(Command.of("def kept := 21"), true);

        Files.createFile(marker);
        crash(server);
        for (int attempt = 0; attempt < 2; attempt++) {
            LeanProcessException e = assertThrows(LeanProcessException.class,
                    () -> server.run(Command.of("#eval kept").withEnv(-1)));
            assertTrue(e.getMessage().contains("refusing to start"), e.getMessage());
            assertEquals(3, e.exitCode());
            assertFalse(server.isAlive());
        }
        Files.delete(marker);
        assertEquals("21", info(server.run(Command.of("#eval kept").withEnv(-1))));
    }

    @Test
    void aStderrFloodWhileRestoringNeitherBlocksNorFails() {
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.config())
                .sessionCache(new ReplaySessionCache(false)).restoreTimeout(Duration.ofSeconds(20)).build());
        server.run(Command.of("def loud := 4"), true);
        // A #sim command answers a copy of its environment, after writing 4 MB to stderr.
        server.run(Command.of("#sim stderr 4000000").withEnv(-1), true);
        crash(server);
        assertEquals("4", info(server.run(Command.of("#eval loud").withEnv(-2))));
        crash(server);
        assertEquals("4", info(server.run(Command.of("#eval loud").withEnv(-2), Duration.ofSeconds(20))));
    }

    @Test
    void anInterruptedCallerGetsAnExceptionAndTheNextRequestRunsOnANewProcess() throws Exception {
        Path recording = tmp.resolve("requests.txt");
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.recording(recording)).build());
        server.run(Command.of("def kept := 13"), true);
        for (int round = 0; round < 3; round++) {
            long pid = server.pid();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> flagKept = new AtomicReference<>();
            AtomicReference<Object> next = new AtomicReference<>();
            int sent = ReplSimulator.readRecording(recording).size();
            Thread caller = new Thread(() -> {
                try {
                    server.run(Command.of("#sim hang"));
                } catch (Throwable t) {
                    failure.set(t);
                }
                flagKept.set(Thread.interrupted());
                try {
                    next.set(info(server.run(Command.of("#eval kept").withEnv(-1))));
                } catch (Throwable t) {
                    next.set(t);
                }
            });
            caller.start();
            Simulated.awaitReceived(recording, sent + 1);
            caller.interrupt();
            caller.join(15_000);
            assertInstanceOf(LeanServerException.class, failure.get());
            assertTrue(flagKept.get(), "the interrupt flag is kept");
            assertEquals("13", next.get(), "round " + round);
            assertNotEquals(pid, server.pid());
        }
    }

    @Test
    void anInterruptDuringALazyRestoreFailsThatRequestOnlyAndTheStateIsRestoredLater() throws Exception {
        Path recording = tmp.resolve("requests.txt");
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.recording(recording)).build());
        server.run(Command.of("def slow := 6"), true);
        // A state whose replay waits until the gate opens again: the interrupt surely comes first.
        Path gate = Files.createFile(tmp.resolve("gate"));
        server.run(Command.of("#sim wait-for " + gate).withEnv(-1), true);
        Files.delete(gate);
        crash(server);
        int sent = ReplSimulator.readRecording(recording).size();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                server.run(Command.of("#eval slow").withEnv(-2));
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        // Wait for the replay of -2 (after the replay of -1) to be under way.
        Simulated.awaitReceived(recording, sent + 2);
        caller.interrupt();
        caller.join(15_000);
        SessionCacheException e = assertInstanceOf(SessionCacheException.class, failure.get());
        assertTrue(e.getMessage().contains("-2"), e.getMessage());
        Files.createFile(gate);
        assertEquals("6", info(server.run(Command.of("#eval slow").withEnv(-2))));
    }

    @Test
    void closingWhileTheNextRequestRestartsTheReplLeavesNoProcess() throws Exception {
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.config()).build());
        Set<Long> before = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        server.kill();
        CompletableFuture<Object> request = CompletableFuture.supplyAsync(() -> {
            try {
                return server.run(Command.of("#eval 1"));
            } catch (RuntimeException e) {
                return e;
            }
        }, r -> new Thread(r).start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.current().descendants().noneMatch(h -> h.isAlive() && !before.contains(h.pid()))) {
            assertTrue(System.nanoTime() < deadline, "no new REPL was started");
            Thread.sleep(1);
        }
        server.close();
        Object outcome = request.get(20, TimeUnit.SECONDS);
        assertTrue(outcome instanceof RuntimeException, "a request racing close() fails, got " + outcome);
        assertFalse(server.isAlive());
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid).toList(), "a REPL outlived close()");
    }
}
