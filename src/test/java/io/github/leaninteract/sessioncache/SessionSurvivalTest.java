package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanTimeoutException;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;
import io.github.leaninteract.testing.ReplSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cached environments and proof states survive every way a REPL process ends, and afterwards still answer
 * with their own content, for every kind of cache.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(90)
class SessionSurvivalTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private AutoLeanServer server(SessionCache cache, String... simOptions) {
        return closer.add(Simulated.autoServer(Simulated.config(simOptions), cache));
    }

    private AbstractSessionCache<?> cache(CacheKind kind) {
        AbstractSessionCache<?> cache = kind.create(tmp);
        if (cache instanceof AutoCloseable c) {
            closer.add(c);
        }
        return cache;
    }

    /** Caches env -1 (defines secret), env -2 (a theorem with a sorry) and a proof state (a step in it); its id. */
    private static int cacheStates(AutoLeanServer server) {
        assertEquals(-1, ((CommandResponse) server.run(Command.of("def secret := 4242"), true)).env());
        CommandResponse thm = (CommandResponse) server.run(
                Command.of("theorem t (n : Nat) : n = n := by sorry").withEnv(-1), true);
        assertEquals(-2, thm.env());
        int sorry = thm.sorries().get(0).proofState();
        ProofStepResponse step = (ProofStepResponse) server.run(new ProofStep(sorry, "have h : 5 = 5 := rfl"), true);
        assertTrue(step.proofState() < -2, "a new session id: " + step.proofState());
        return step.proofState();
    }

    private static void assertStatesAnswerWithTheirOwnContent(AutoLeanServer server, int step) {
        assertEquals("4242", info(server.run(Command.of("#eval secret").withEnv(-1))));
        assertEquals("4242", info(server.run(Command.of("#eval secret").withEnv(-2))));
        ProofStepResponse next = (ProofStepResponse) server.run(new ProofStep(step, "skip"));
        String goal = next.goals().get(0);
        assertTrue(goal.contains("n : Nat") && goal.contains("h : 5 = 5") && goal.contains("⊢ n = n"), goal);
        ProofStepResponse done = (ProofStepResponse) server.run(new ProofStep(step, "rfl"));
        assertEquals("Completed", done.proofStatus());
    }

    private void survives(CacheKind kind, Consumer<AutoLeanServer> ending) {
        Path rec = tmp.resolve("requests.txt");
        AutoLeanServer server = server(cache(kind), "--record", rec.toString());
        int step = cacheStates(server);
        long pid = server.pid();
        ending.accept(server);
        assertStatesAnswerWithTheirOwnContent(server, step);
        assertNotEquals(pid, server.pid(), "the states should have been restored into a new process");
        assertNoNegativeIdReachedTheRepl(rec);
    }

    static void assertNoNegativeIdReachedTheRepl(Path recording) {
        List<String> requests = ReplSimulator.readRecording(recording);
        assertFalse(requests.isEmpty());
        JsonNode probe = LeanJson.toTree(AutoLeanServer.PROBE);
        for (String r : requests) {
            JsonNode json = LeanJson.readTree(r);
            if (json.equals(probe)) {
                continue;   // a new process's first request: an id that no process has, on purpose
            }
            for (String field : List.of("env", "proofState")) {
                assertFalse(json.has(field) && json.get(field).asInt() < 0, "negative id reached the REPL: " + r);
                // Handles an AutoLeanServer hands out start at 2^20; the REPL must only ever see its own ids.
                assertFalse(json.has(field) && json.get(field).asInt() >= 1 << 20, "a handle reached the REPL: " + r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void statesSurviveACrash(CacheKind kind) {
        survives(kind, Simulated::crash);
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void statesSurviveATimeout(CacheKind kind) {
        survives(kind, s -> assertThrows(LeanTimeoutException.class,
                () -> s.run(Command.of("#sim hang"), Duration.ofMillis(300))));
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void statesSurviveAnExplicitRestart(CacheKind kind) {
        survives(kind, AutoLeanServer::restart);
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void statesSurviveAKill(CacheKind kind) {
        survives(kind, AutoLeanServer::kill);
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void statesSurviveAMemoryRestart(CacheKind kind) {
        int limitMb = ReplSimulator.MIN_MEMORY_LIMIT_MB + 1600;
        AutoLeanServer server = closer.add(Simulated.autoBuilder(Simulated.builder().memoryHardLimitMb(limitMb).build())
                .sessionCache(cache(kind)).maxProcessMemory(200.0 / limitMb)
                .memoryCheckInterval(Duration.ZERO).build());
        int step = cacheStates(server);
        long pid = server.pid();
        server.run(Command.of("#sim alloc 300"));
        assertStatesAnswerWithTheirOwnContent(server, step);
        assertNotEquals(pid, server.pid());
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void chainsOfStatesAreRestoredInOrder(CacheKind kind) {
        AutoLeanServer server = server(cache(kind));
        server.run(Command.of("def a := 1"), true);
        server.run(Command.of("def b := 2").withEnv(-1), true);
        server.run(Command.of("def c := 3").withEnv(-2), true);
        server.kill();
        assertEquals("1", info(server.run(Command.of("#eval a").withEnv(-3))));
        assertEquals("3", info(server.run(Command.of("#eval c").withEnv(-3))));
        assertEquals("2", info(server.run(Command.of("#eval b").withEnv(-2))));
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void twoServersShareOneCacheAndCrashInTurn(CacheKind kind) {
        SessionCache cache = cache(kind);
        AutoLeanServer first = server(cache);
        AutoLeanServer second = server(cache);
        first.run(Command.of("def shared := 77"), true);
        assertEquals("77", info(second.run(Command.of("#eval shared").withEnv(-1))));
        CommandResponse more = (CommandResponse) second.run(Command.of("def other := 88").withEnv(-1), true);
        assertEquals(-2, more.env());

        first.kill();
        assertEquals("88", info(first.run(Command.of("#eval other").withEnv(-2))));
        second.kill();
        assertEquals("77", info(second.run(Command.of("#eval shared").withEnv(-2))));
        first.kill();
        assertEquals("77", info(first.run(Command.of("#eval shared").withEnv(-1))));
    }

    @ParameterizedTest
    @EnumSource(CacheKind.class)
    void fourThreadsOnEachOfTwoServersKeepTheirOwnStates(CacheKind kind) throws Exception {
        SessionCache cache = cache(kind);
        List<AutoLeanServer> pair = List.of(server(cache), server(cache));
        Set<Integer> ids = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            AutoLeanServer s = pair.get(t % 2);
            done.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 4; i++) {
                    int value = thread * 100 + i;
                    int id = ((CommandResponse) s.run(Command.of("def mine := " + value), true)).env();
                    assertTrue(ids.add(id), "id " + id + " handed out twice");
                    if (i == 2 && thread < 2) {
                        crash(s);
                    }
                    AutoLeanServer other = pair.get((thread + 1) % 2);
                    assertEquals(String.valueOf(value), info(other.run(Command.of("#eval mine").withEnv(id))));
                    assertEquals(String.valueOf(value), info(s.run(Command.of("#eval mine").withEnv(id))));
                }
            }, r -> new Thread(r).start()));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(80, TimeUnit.SECONDS);
        assertEquals(32, ids.size());
        assertEquals(new HashSet<>(cache.keys()), ids);
    }
}
