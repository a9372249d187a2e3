package io.github.leaninteract.sessioncache;

import static io.github.leaninteract.support.Answers.info;
import static io.github.leaninteract.support.Simulated.crash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.support.Closer;
import io.github.leaninteract.support.NoLeakedProcesses;
import io.github.leaninteract.support.Simulated;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No pickle or lock file outlives its state when a {@link PickleSessionCache} is used through
 * {@link AutoLeanServer}s, also after the states were restored into new processes.
 */
@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class PickleFileCleanupTest {

    @TempDir
    Path tmp;

    @RegisterExtension
    final Closer closer = new Closer();

    private PickleSessionCache cache(boolean lazy) {
        return closer.add(new PickleSessionCache(tmp, Duration.ofSeconds(10), lazy));
    }

    private AutoLeanServer server(SessionCache cache) {
        return closer.add(Simulated.autoServer(Simulated.config(), cache));
    }

    /** The pickles and their lock files (not the owner file, which an open cache keeps until it is closed). */
    private List<Path> files() throws IOException {
        return allFiles().stream().filter(f -> !f.getFileName().toString().endsWith(".owner")).toList();
    }

    private List<Path> allFiles() throws IOException {
        Path dir = tmp.resolve("session_cache");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    /** Caches an environment (-1), a theorem with a sorry (-2) and a step in it (-3), then restores all three. */
    private static void cacheAndRestore(AutoLeanServer server) {
        server.run(Command.of("def v := 9"), true);
        CommandResponse thm = (CommandResponse) server.run(
                Command.of("theorem t (n : Nat) : n = n := by sorry").withEnv(-1), true);
        server.run(new ProofStep(thm.sorries().get(0).proofState(), "skip"), true);
        crash(server);
        assertEquals("9", info(server.run(Command.of("#eval v").withEnv(-2))));
        assertInstanceOf(ProofStepResponse.class, server.run(new ProofStep(-3, "skip")));
    }

    @Test
    void removeFromSessionCacheDeletesEachStatesPickleAndLockFile() throws IOException {
        AutoLeanServer server = server(cache(true));
        cacheAndRestore(server);
        assertEquals(6, files().size(), "a pickle and a lock file per state: " + files());
        for (int id : List.of(-2, -1, -3)) {
            PickleSessionState state = (PickleSessionState) server.sessionCache().get(id);
            server.removeFromSessionCache(id);
            assertTrue(Files.notExists(state.pickleFile()) && Files.notExists(Path.of(state.pickleFile() + ".lock")));
        }
        assertEquals(List.of(), files());
    }

    @Test
    void clearSessionCacheLeavesNoFiles() throws IOException {
        AutoLeanServer server = server(cache(false));
        cacheAndRestore(server);
        server.clearSessionCache(false);
        assertEquals(List.of(), files());
        assertTrue(server.sessionCache().isEmpty());
    }

    @Test
    void clearSessionCacheWithForceLeavesNoFilesAndAWorkingServer() throws IOException {
        AutoLeanServer server = server(cache(false));
        cacheAndRestore(server);
        server.clearSessionCache(true);
        assertEquals(List.of(), files());
        assertEquals("3", info(server.run(Command.of("#eval 1 + 2"))));
    }

    @Test
    void closingTheCacheLeavesNoFiles() throws IOException {
        PickleSessionCache cache = cache(false);
        AutoLeanServer server = server(cache);
        cacheAndRestore(server);
        server.close();
        cache.close();
        assertEquals(List.of(), allFiles());
    }

    @Test
    void closingOneOfTwoServersLeavesTheSharedCacheAndItsFilesIntact() throws IOException {
        PickleSessionCache cache = cache(false);
        AutoLeanServer first = server(cache);
        AutoLeanServer second = server(cache);
        cacheAndRestore(first);
        List<Path> before = files();
        first.close();
        assertEquals(before, files());
        assertEquals(List.of(-1, -2, -3), cache.keys());
        assertEquals("9", info(second.run(Command.of("#eval v").withEnv(-2))));
        crash(second);
        assertEquals("9", info(second.run(Command.of("#eval v").withEnv(-1))));
        assertInstanceOf(ProofStepResponse.class, second.run(new ProofStep(-3, "skip")));
    }

    @Test
    void aRestoreThatLosesTheRaceWithARemoveLeavesNoLockFile() throws Exception {
        PickleSessionCache cache = cache(true);
        AutoLeanServer owner = server(cache);
        AutoLeanServer other = server(cache);
        owner.run(Command.of("def v := 9"), true);
        // Keep `other` busy until the state is removed, so that a restore into it waits for its exclusive access
        // after looking the state up.
        Path gate = tmp.resolve("gate");
        CompletableFuture<LeanResponse> busy = other.runAsync(Command.of("#sim wait-for " + gate), null);
        Thread restorer = new Thread(() -> {
            try {
                cache.replId(-1, other);
            } catch (NoSuchElementException | SessionCacheException expected) {
                // The state is removed while this waits.
            }
        });
        restorer.start();
        awaitBlocked(restorer);
        owner.removeFromSessionCache(-1);
        Files.createFile(gate);
        busy.get(30, TimeUnit.SECONDS);
        restorer.join(10_000);
        assertEquals(List.of(), files());
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the restorer never waited: " + t.getState());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void addingToAClosedCacheFailsAndWritesNoFile() throws IOException {
        PickleSessionCache cache = cache(false);
        AutoLeanServer server = server(cache);
        cache.close();
        assertThrows(IllegalStateException.class, () -> server.run(Command.of("def v := 9"), true));
        assertEquals(List.of(), files());
        assertEquals("9", info(server.run(Command.of("def v := 9\n#eval v"))));
    }
}
