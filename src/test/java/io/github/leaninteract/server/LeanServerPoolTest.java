package io.github.leaninteract.server;

import static io.github.leaninteract.support.Answers.info;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class LeanServerPoolTest {

    @Test
    void runAllAnswersInOrder() {
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(2).build()) {
            List<LeanRequest> requests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                requests.add(Command.of("#eval " + i));
            }
            List<LeanResponse> answers = pool.runAll(requests, Duration.ofSeconds(30));
            for (int i = 0; i < 8; i++) {
                assertEquals(String.valueOf(i), info(answers.get(i)));
            }
        }
    }

    @Test
    void runAllOverlapsWorkOnSeveralServers() {
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(2).build()) {
            List<LeanRequest> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                requests.add(Command.of("#sim sleep 300"));
            }
            // Start-up is not watched any more, so a REPL's first answer includes its start: not what is measured.
            for (AutoLeanServer server : pool.servers()) {
                server.run(Command.of("def warm := 1"));
            }
            long t0 = System.nanoTime();
            pool.runAll(requests, Duration.ofSeconds(30));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 6 * 300, "two servers should overlap the work, took " + ms + " ms");
        }
    }

    @Test
    void aStateCachedThroughOneServerIsUsableThroughAnyServer() {
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(2).build()) {
            int env = ((CommandResponse) pool.run(Command.of("def shared := 9"), null, true)).env();
            // Two slow requests at once occupy both servers, so both restore the state.
            pool.runAll(List.of(Command.of("#sim sleep 300").withEnv(env), Command.of("#sim sleep 300").withEnv(env)), null);
            for (AutoLeanServer s : pool.servers()) {
                assertTrue(pool.sessionCache().isRestoredIn(env, s), "restored in " + s);
                assertEquals("9", info(s.run(Command.of("#eval shared").withEnv(env))));
            }
        }
    }

    @Test
    void requestsGoToAServerThatAlreadyHoldsTheirState() {
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(3).build()) {
            int env = ((CommandResponse) pool.run(Command.of("def x := 1"), null, true)).env();
            AutoLeanServer holder = pool.servers().stream()
                    .filter(s -> pool.sessionCache().isRestoredIn(env, s)).findFirst().orElseThrow();
            for (int i = 0; i < 5; i++) {
                pool.run(Command.of("#eval x").withEnv(env), null, false);
            }
            long restoredElsewhere = pool.servers().stream()
                    .filter(s -> s != holder && pool.sessionCache().isRestoredIn(env, s)).count();
            assertEquals(0, restoredElsewhere);
        }
    }

    @Test
    void aCrashedServerOfThePoolRecovers() {
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(1).build()) {
            int env = ((CommandResponse) pool.run(Command.of("def x := 3"), null, true)).env();
            assertThrows(LeanProcessException.class, () -> pool.run(Command.of("#sim crash 2")));
            assertEquals("3", info(pool.run(Command.of("#eval x").withEnv(env))));
        }
    }

    @Test
    void callersWaitForAFreeServer() throws Exception {
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(1).build()) {
            CompletableFuture<LeanResponse> busy = pool.runAsync(Command.of("#sim sleep 500"), null, false);
            Thread.sleep(100);
            CompletableFuture<LeanResponse> waiting = pool.runAsync(Command.of("def y := 1"), null, false);
            Thread.sleep(100);
            assertFalse(waiting.isDone());
            assertInstanceOf(CommandResponse.class, busy.get(10, TimeUnit.SECONDS));
            assertInstanceOf(CommandResponse.class, waiting.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeEndsEveryServerAndRefusesLaterRequests() throws Exception {
        LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(2).build();
        List<Long> pids = pool.servers().stream().map(LeanServer::pid).toList();
        CompletableFuture<LeanResponse> pending = pool.runAsync(Command.of("#sim sleep 5000"), null, false);
        Thread.sleep(200);
        pool.close();
        pool.close();
        for (long pid : pids) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        }
        assertThrows(IllegalStateException.class, () -> pool.run(Command.of("def x := 1")));
        assertThrows(ExecutionException.class, () -> pending.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aGivenCacheIsSharedAndSurvivesThePool() {
        ReplaySessionCache cache = new ReplaySessionCache();
        try (LeanServerPool pool = LeanServerPool.builder(Simulated.config()).size(1).sessionCache(cache)
                .serverOptions(b -> b.maxRestartAttempts(1)).build()) {
            pool.run(Command.of("def x := 1"), null, true);
            assertEquals(cache, pool.servers().get(0).sessionCache());
        }
        assertEquals(List.of(-1), cache.keys());
    }

    @Test
    void aServerThatCannotStartFailsTheFirstRequestAndLeavesNothingRunning() {
        LeanReplConfig broken = LeanReplConfig.builder()
                .replCommand(List.of("/bin/sh", "-c", "echo 'no lean here' >&2; exit 4")).build();
        // Nothing waits for an early death at start-up: the first request meets it.
        try (LeanServerPool pool = LeanServerPool.builder(broken).size(2).build()) {
            LeanProcessException e = assertThrows(LeanProcessException.class, () -> pool.run(Command.of("def x := 1")));
            assertTrue(e.stderrTail().contains("no lean here"), e.getMessage());
            assertEquals(4, e.exitCode());
        }
    }

    @Test
    void sizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> LeanServerPool.builder(Simulated.config()).size(0));
    }
}
