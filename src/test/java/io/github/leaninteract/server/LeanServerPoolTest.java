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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class LeanServerPoolTest {

    @TempDir
    Path tmp;

    /** Returns once session state {@code id} is restored in every server of {@code pool}; fails after 30 s. */
    private static void awaitRestoredInEveryServer(LeanServerPool pool, int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!pool.servers().stream().allMatch(s -> pool.sessionCache().isRestoredIn(id, s))) {
            assertTrue(System.nanoTime() < deadline, "state " + id + " was not restored in every server");
            Thread.sleep(2);
        }
    }

    @Test
    void runAllAnswersInOrder() {
        try (LeanServerPool pool = Simulated.poolBuilder(Simulated.config()).size(2).build()) {
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
    void runAllOverlapsWorkOnSeveralServers() throws Exception {
        Path rec = tmp.resolve("requests.txt");
        Path gate = tmp.resolve("gate");
        try (LeanServerPool pool = Simulated.poolBuilder(Simulated.recording(rec)).size(2).build()) {
            List<LeanRequest> requests = List.of(Command.of("#sim wait-for " + gate), Command.of("#sim wait-for " + gate));
            CompletableFuture<List<LeanResponse>> all = CompletableFuture.supplyAsync(
                    () -> pool.runAll(requests, Duration.ofSeconds(60)), r -> new Thread(r).start());
            // Neither answers before the gate opens: both received means both servers work at once.
            Simulated.awaitReceived(rec, 2);
            assertFalse(all.isDone());
            Files.createFile(gate);
            assertEquals(2, all.get(60, TimeUnit.SECONDS).size());
        }
    }

    @Test
    void aStateCachedThroughOneServerIsUsableThroughAnyServer() throws Exception {
        try (LeanServerPool pool = Simulated.poolBuilder(Simulated.config()).size(2).build()) {
            int env = ((CommandResponse) pool.run(Command.of("def shared := 9"), null, true)).env();
            // Two requests held at once occupy both servers, so both restore the state.
            Path gate = tmp.resolve("gate");
            CompletableFuture<List<LeanResponse>> both = CompletableFuture.supplyAsync(() -> pool.runAll(List.of(
                    Command.of("#sim wait-for " + gate).withEnv(env), Command.of("#sim wait-for " + gate).withEnv(env)),
                    null), r -> new Thread(r).start());
            awaitRestoredInEveryServer(pool, env);
            Files.createFile(gate);
            both.get(60, TimeUnit.SECONDS);
            for (AutoLeanServer s : pool.servers()) {
                assertTrue(pool.sessionCache().isRestoredIn(env, s), "restored in " + s);
                assertEquals("9", info(s.run(Command.of("#eval shared").withEnv(env))));
            }
        }
    }

    @Test
    void requestsGoToAServerThatAlreadyHoldsTheirState() {
        try (LeanServerPool pool = Simulated.poolBuilder(Simulated.config()).size(3).build()) {
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
        try (LeanServerPool pool = Simulated.poolBuilder(Simulated.config()).size(1).build()) {
            int env = ((CommandResponse) pool.run(Command.of("def x := 3"), null, true)).env();
            assertThrows(LeanProcessException.class, () -> pool.run(Command.of("#sim crash 2")));
            assertEquals("3", info(pool.run(Command.of("#eval x").withEnv(env))));
        }
    }

    @Test
    void callersWaitForAFreeServer() throws Exception {
        Path rec = tmp.resolve("requests.txt");
        Path gate = tmp.resolve("gate");
        try (LeanServerPool pool = Simulated.poolBuilder(Simulated.recording(rec)).size(1).build()) {
            CompletableFuture<LeanResponse> busy = pool.runAsync(Command.of("#sim wait-for " + gate), null, false);
            Simulated.awaitReceived(rec, 1);
            CompletableFuture<LeanResponse> waiting = pool.runAsync(Command.of("def y := 1"), null, false);
            assertFalse(waiting.isDone());
            Files.createFile(gate);
            assertInstanceOf(CommandResponse.class, busy.get(10, TimeUnit.SECONDS));
            assertInstanceOf(CommandResponse.class, waiting.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeEndsEveryServerAndRefusesLaterRequests() throws Exception {
        Path rec = tmp.resolve("requests.txt");
        LeanServerPool pool = Simulated.poolBuilder(Simulated.recording(rec)).size(2).build();
        List<Long> pids = pool.servers().stream().map(LeanServer::pid).toList();
        CompletableFuture<LeanResponse> pending = pool.runAsync(Command.of("#sim hang"), null, false);
        Simulated.awaitReceived(rec, 1);
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
        try (LeanServerPool pool = Simulated.poolBuilder(Simulated.config()).size(1).sessionCache(cache)
                .serverOptions(b -> b.maxRestartAttempts(1).maxTotalMemory(1.0)).build()) {
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
        assertThrows(IllegalArgumentException.class, () -> Simulated.poolBuilder(Simulated.config()).size(0));
    }
}
