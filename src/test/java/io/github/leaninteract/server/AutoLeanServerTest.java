package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.sessioncache.UnknownSessionIdException;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class AutoLeanServerTest {

    @RegisterExtension
    final Closer closer = new Closer();

    /** A server with the default session cache, closed after the test. */
    private AutoLeanServer newServer() {
        return closer.add(AutoLeanServer.builder(Simulated.config()).maxTotalMemory(1.0).build());
    }

    @Test
    void theDefaultCacheIsALazyReplayCache() {
        AutoLeanServer server = newServer();
        assertInstanceOf(ReplaySessionCache.class, server.sessionCache());
    }

    @Test
    void cachingReplacesTheReplIdBySessionIds() {
        AutoLeanServer server = newServer();
        CommandResponse a = (CommandResponse) server.run(Command.of("def x := 1"), true);
        CommandResponse b = (CommandResponse) server.run(Command.of("def y := 2"), true);
        assertEquals(-1, a.env());
        assertEquals(-2, b.env());
        assertEquals(List.of(-1, -2), server.sessionCache().keys());
    }

    @Test
    void withoutCachingTheAnswerCarriesANonNegativeIdOfTheCurrentProcess() {
        AutoLeanServer server = newServer();
        CommandResponse a = (CommandResponse) server.run(Command.of("def x := 1"));
        assertTrue(a.env() >= 0);
        assertTrue(server.sessionCache().isEmpty());
    }

    @Test
    void errorAnswersAreNeverCached() {
        AutoLeanServer server = newServer();
        CommandResponse thm = (CommandResponse) server.run(Command.of("theorem t (x : Nat) : x = x := by sorry"), true);
        LeanResponse r = server.run(new ProofStep(thm.sorries().get(0).proofState(), "no_such_tactic"), true);
        assertInstanceOf(LeanError.class, r);
        assertEquals(List.of(-1, -2), server.sessionCache().keys(), "the theorem and its sorry, not the error");
    }

    @Test
    void anUnknownSessionIdIsRejectedWithoutReachingTheRepl() {
        AutoLeanServer server = newServer();
        UnknownSessionIdException e = assertThrows(UnknownSessionIdException.class,
                () -> server.run(Command.of("#eval 1").withEnv(-5)));
        assertEquals(-5, e.sessionId());
        assertTrue(e.getMessage().contains("-5"), e.getMessage());
        UnknownSessionIdException p = assertThrows(UnknownSessionIdException.class,
                () -> server.run(new ProofStep(-6, "rfl")));
        assertEquals(-6, p.sessionId());
        assertTrue(server.isAlive());
    }

    @Test
    void theTimedOutRequestFailsAndTheNextOneRunsOnANewProcess() {
        AutoLeanServer server = newServer();
        server.run(Command.of("def x := 1"), true);
        long pid = server.pid();
        assertThrows(LeanTimeoutException.class, () -> server.run(Command.of("#sim hang"), Duration.ofMillis(300)));
        assertFalse(server.isAlive());
        assertEquals("1", info(server.run(Command.of("#eval x").withEnv(-1))));
        assertNotEquals(pid, server.pid());
    }

    @Test
    void aCrashedProcessIsRestartedByTheNextRequest() {
        AutoLeanServer server = newServer();
        assertThrows(LeanProcessException.class, () -> server.run(Command.of("#sim crash 9")));
        assertInstanceOf(CommandResponse.class, server.run(Command.of("def x := 1")));
    }

    @Test
    void memoryAboveTheProcessLimitRestartsTheRepl() {
        int limitMb = ReplSimulator.MIN_MEMORY_LIMIT_MB + 1600;
        double fraction = 200.0 / limitMb;
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.builder().memoryHardLimitMb(limitMb).build())
                .maxProcessMemory(fraction).memoryCheckInterval(Duration.ZERO).build());
        server.run(Command.of("def kept := 11"), true);
        server.run(Command.of("#sim alloc 300"));
        long pid = server.pid();
        assertEquals("11", info(server.run(Command.of("#eval kept").withEnv(-1))));
        assertNotEquals(pid, server.pid(), "the REPL should have been restarted");
    }

    @Test
    void memoryThatStaysTooHighEndsInLeanMemoryException() {
        AutoLeanServer server = closer.add(AutoLeanServer.builder(Simulated.config())
                .maxTotalMemory(Double.MIN_VALUE).maxRestartAttempts(2).restartBackoff(Duration.ofMillis(1)).build());
        LeanMemoryException e = assertThrows(LeanMemoryException.class, () -> server.run(Command.of("def x := 1")));
        assertTrue(e.getMessage().contains("2 time(s)"), e.getMessage());
        assertFalse(server.isAlive());
    }

    @Test
    void memoryRestartsBackOffExponentially() {
        AutoLeanServer server = closer.add(AutoLeanServer.builder(Simulated.config())
                .maxTotalMemory(Double.MIN_VALUE).maxRestartAttempts(3).restartBackoff(Duration.ofMillis(100)).build());
        long t0 = System.nanoTime();
        assertThrows(LeanMemoryException.class, () -> server.run(Command.of("def x := 1")));
        long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(elapsedMs >= 100 + 200 + 400, "waited only " + elapsedMs + " ms");
    }

    @Test
    void clearSessionCacheWithForceRestartsNow() {
        AutoLeanServer server = newServer();
        server.run(Command.of("def x := 1"), true);
        long pid = server.pid();
        server.clearSessionCache(true);
        assertTrue(server.sessionCache().isEmpty());
        assertNotEquals(pid, server.pid());
        assertTrue(server.isAlive());
    }

    @Test
    void clearSessionCacheWithoutForceKeepsTheProcess() {
        AutoLeanServer server = newServer();
        server.run(Command.of("def x := 1"), true);
        long pid = server.pid();
        server.clearSessionCache(false);
        assertTrue(server.sessionCache().isEmpty());
        assertEquals(pid, server.pid());
    }

    @Test
    void removeFromSessionCacheForgetsTheState() {
        AutoLeanServer server = newServer();
        server.run(Command.of("def x := 1"), true);
        server.removeFromSessionCache(-1);
        assertFalse(server.sessionCache().contains(-1));
        assertThrows(UnknownSessionIdException.class, () -> server.run(Command.of("#eval x").withEnv(-1)));
    }

    @Test
    void closingOneServerLeavesASharedCacheIntact() {
        SessionCache cache = new ReplaySessionCache();
        LeanReplConfig config = Simulated.config();
        AutoLeanServer first = closer.add(Simulated.autoServer(config, cache));
        AutoLeanServer second = closer.add(Simulated.autoServer(config, cache));
        first.run(Command.of("def x := 5"), true);
        first.close();
        assertSame(cache, second.sessionCache());
        assertEquals("5", info(second.run(Command.of("#eval x").withEnv(-1))));
    }

    @Test
    void cachedProofStepsAnswerWithTheirSessionId() {
        AutoLeanServer server = newServer();
        CommandResponse thm = (CommandResponse) server.run(Command.of("theorem t (x : Nat) : x = x := by sorry"), true);
        int raw = thm.sorries().get(0).proofState();
        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(raw, "skip"), true);
        assertEquals(-3, step.proofState(), "after the theorem (-1) and its sorry (-2)");
        ProofStepResponse done = (ProofStepResponse) server.run(new ProofStep(-3, "rfl"));
        assertEquals("Completed", done.proofStatus());
    }

    @Test
    void runRawTranslatesSessionIdsToo() {
        AutoLeanServer server = newServer();
        server.run(Command.of("def x := 12"), true);
        server.kill();
        com.fasterxml.jackson.databind.node.ObjectNode raw = io.github.leaninteract.protocol.LeanJson.mapper()
                .createObjectNode().put("cmd", "#eval x").put("env", -1);
        com.fasterxml.jackson.databind.JsonNode answer = server.runRaw(raw, null);
        assertEquals("12", answer.at("/messages/0/data").asText());
        assertEquals(-1, raw.get("env").asInt(), "the caller's request is left as it was");
    }

    @Test
    void aStateIsNoLongerRestoredInAProcessThatDied() {
        AutoLeanServer server = newServer();
        server.run(Command.of("def x := 1"), true);
        assertTrue(server.sessionCache().isRestoredIn(-1, server));
        server.kill();
        server.start();
        assertFalse(server.sessionCache().isRestoredIn(-1, server));
        server.run(Command.of("#eval x").withEnv(-1));
        assertTrue(server.sessionCache().isRestoredIn(-1, server));
    }

    @Test
    void builderRejectsImpossibleValues() {
        AutoLeanServer.Builder b = AutoLeanServer.builder(Simulated.config());
        assertThrows(IllegalArgumentException.class, () -> b.maxTotalMemory(0));
        assertThrows(IllegalArgumentException.class, () -> b.maxTotalMemory(1.5));
        assertThrows(IllegalArgumentException.class, () -> b.maxProcessMemory(-0.1));
        assertThrows(IllegalArgumentException.class, () -> b.maxRestartAttempts(-1));
        assertThrows(IllegalArgumentException.class, () -> b.restartBackoff(Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> AutoLeanServer.builder(null));
    }
}
