package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.support.CapturedLog;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A timeout, a crash and a memory kill are logged at WARN with their cause, and so is the restart that follows. */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class FailureLoggingTest {

    @RegisterExtension
    final Closer closer = new Closer();

    private CapturedLog log;

    @BeforeEach
    void capture() {
        log = CapturedLog.start();
    }

    @AfterEach
    void release() {
        log.close();
    }

    private AutoLeanServer server() {
        return closer.add(Simulated.autoBuilder(Simulated.config()).build());
    }

    @Test
    void aTimeoutIsLoggedWithTheServerTheRequestKindAndTheLimit() {
        AutoLeanServer server = server();
        long pid = server.pid();
        assertThrows(LeanTimeoutException.class, () -> server.run(Command.of("#sim hang"), Duration.ofMillis(300)));
        String line = log.line("WARN", "[" + server.name() + "]", "Command", "timed out after 300 ms");
        assertTrue(line.contains(String.valueOf(pid)), line);
    }

    @Test
    void theRestartAfterATimeoutSaysSo() {
        AutoLeanServer server = server();
        assertThrows(LeanTimeoutException.class, () -> server.run(Command.of("#sim hang"), Duration.ofSeconds(1)));
        server.run(Command.of("def x := 1"));
        log.line("[" + server.name() + "]", "REPL restarted (after a timeout of 1 s)");
        assertFalse(log.has("[" + server.name() + "]", "the REPL was not running"));
    }

    @Test
    void theKindOfTheRequestThatCrashedTheReplIsLogged() {
        LeanServer server = closer.add(new LeanServer(Simulated.config()));
        int env = ((CommandResponse) server.run(Command.of("def x := 1"))).env();
        // Pickling to a folder that does not exist ends the REPL, as the real one does.
        assertThrows(LeanProcessException.class,
                () -> server.run(new PickleEnvironment(env, "/nonexistent-folder/x.olean")));
        log.line("WARN", "[" + server.name() + "]", "died during a PickleEnvironment");
    }

    @Test
    void aCrashIsLoggedWithItsExitCodeAndStderr() {
        AutoLeanServer server = server();
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 7")));
        String line = log.line("WARN", "[" + server.name() + "]", "died during a Command", "exit code 7");
        // The stderr tail follows on the lines after it; the simulator's banner is in it.
        assertTrue(String.join("\n", log.lines()).contains(ReplSimulator.BANNER), line);
    }

    @Test
    void theRestartAfterACrashGivesTheExitCode() {
        AutoLeanServer server = server();
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 7")));
        assertEquals("2", info(server.run(Command.of("#eval 1 + 1"))));
        log.line("[" + server.name() + "]", "REPL restarted (after exit code 7)");
    }

    @Test
    void aPlainServerSaysWhyItsNewProcessStarted() {
        LeanServer server = closer.add(new LeanServer(Simulated.config()));
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 9")));
        server.start();
        log.line("[" + server.name() + "]", "REPL started", "generation 2", "after exit code 9");
    }

    @Test
    void aReplThatRunsOutOfMemoryUnderItsLimitIsLoggedAsSuch() {
        int limitMb = ReplSimulator.MIN_MEMORY_LIMIT_MB + 200;
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.builder().memoryHardLimitMb(limitMb).build())
                .build());
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim alloc 4000")));
        log.line("WARN", "[" + server.name() + "]", "died during a Command",
                "out of memory under memoryHardLimitMb " + limitMb);
        server.run(Command.of("def x := 1"));
        log.line("[" + server.name() + "]", "REPL restarted (after exit code", "out of memory");
    }

    @Test
    void aRestartForMemoryPressureIsLoggedAtWarn() {
        AutoLeanServer server = closer.add(AutoLeanServer.builder(Simulated.config())
                .maxTotalMemory(Double.MIN_VALUE).maxRestartAttempts(1).restartBackoff(Duration.ZERO).build());
        assertThrows(LeanMemoryException.class, () -> server.run(Command.of("def x := 1")));
        log.line("WARN", "[" + server.name() + "]", "system memory", "before a Command", "killing the REPL");
    }

    @Test
    void aReplThatDiedBetweenRequestsIsRestartedWithItsExitCode() throws Exception {
        AutoLeanServer server = server();
        ProcessHandle repl = ProcessHandle.of(server.pid()).orElseThrow();
        repl.destroyForcibly();
        repl.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertEquals("2", info(server.run(Command.of("#eval 1 + 1"))));
        log.line("[" + server.name() + "]", "REPL restarted (after exit code 137 between requests)");
    }
}
