package io.github.leaninteract.sessioncache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.protocol.PickleProofState;
import io.github.leaninteract.protocol.Pos;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.Sorry;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.protocol.UnpickleProofState;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pickle cache's bookkeeping, against a mocked server that writes pickle files as the REPL would. */
class PickleSessionCacheTest {

    @TempDir
    Path tmp;

    private final AtomicInteger nextEnv = new AtomicInteger(100);
    private final AtomicInteger nextProofState = new AtomicInteger(500);
    private final AtomicBoolean failPickling = new AtomicBoolean();
    private final AtomicBoolean lockHeldDuringPickling = new AtomicBoolean();

    private final MockServers mock = new MockServers(this::answer);

    private LeanResponse answer(LeanRequest request) {
        if (request instanceof PickleEnvironment p) {
            if (failPickling.get()) {
                return new LeanError("Unknown environment.");
            }
            lockHeldDuringPickling.set(heldByThisJvm(Path.of(p.pickleTo() + ".lock")));
            write(p.pickleTo());
            return CommandResponse.of(p.env());
        }
        if (request instanceof PickleProofState p) {
            write(p.pickleTo());
            return ProofStepResponse.of(nextProofState.getAndIncrement(), List.of("⊢ True"), "Incomplete: open goals remain");
        }
        if (request instanceof UnpickleEnvironment) {
            return CommandResponse.of(nextEnv.getAndIncrement());
        }
        if (request instanceof UnpickleProofState) {
            return ProofStepResponse.of(nextProofState.getAndIncrement(), List.of("⊢ True"), "Incomplete: open goals remain");
        }
        throw new AssertionError("unexpected request " + request);
    }

    private static void write(String file) {
        try {
            Files.writeString(Path.of(file), "pickled");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean heldByThisJvm(Path lockFile) {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            ch.tryLock();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private PickleSessionCache cache() {
        return new PickleSessionCache(tmp, Duration.ofSeconds(5));
    }

    private int addEnv(PickleSessionCache cache, int replEnv) {
        return cache.add(mock.server, Command.of("def x := " + replEnv), CommandResponse.of(replEnv));
    }

    private List<Path> files() throws IOException {
        Path dir = tmp.resolve("session_cache");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void sessionIdsCountDownAndAreNeverReused() {
        PickleSessionCache cache = cache();
        assertEquals(-1, addEnv(cache, 0));
        assertEquals(-2, addEnv(cache, 1));
        cache.remove(-2);
        assertEquals(-3, addEnv(cache, 2));
        assertEquals(List.of(-1, -3), cache.keys());
    }

    @Test
    void picklesAreNamedUniquelyWithThePidInTheSessionCacheFolder() {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        addEnv(cache, 0);
        Path a = cache.get(-1).pickleFile();
        Path b = cache.get(-2).pickleFile();
        assertFalse(a.equals(b));
        assertEquals(tmp.toAbsolutePath().resolve("session_cache"), a.getParent());
        assertTrue(a.getFileName().toString().matches("[0-9a-f]{32}_" + ProcessHandle.current().pid() + "\\.olean"), a.toString());
        assertTrue(Files.exists(a) && Files.exists(b));
    }

    @Test
    void theLockIsHeldWhileThePickleIsWritten() {
        addEnv(cache(), 0);
        assertTrue(lockHeldDuringPickling.get());
    }

    @Test
    void pickleRequestsNameTheReplIds() {
        PickleSessionCache cache = cache();
        addEnv(cache, 7);
        PickleEnvironment sent = assertInstanceOf(PickleEnvironment.class, mock.requests.get(0));
        assertEquals(7, sent.env());
        assertEquals(cache.get(-1).pickleFile().toString(), sent.pickleTo());
    }

    @Test
    void picklingIsBoundByTheTimeoutGivenToAdd() {
        PickleSessionCache cache = cache();
        cache.add(mock.server, Command.of("def x := 1"), CommandResponse.of(0), Duration.ofSeconds(3));
        org.mockito.Mockito.verify(mock.server).runInProcess(org.mockito.ArgumentMatchers.any(PickleEnvironment.class),
                org.mockito.ArgumentMatchers.eq(Duration.ofSeconds(3)));
    }

    @Test
    void aPickledProofStateKeepsItsOwnReplIdNotThePickleAnswers() {
        PickleSessionCache cache = cache();
        int id = cache.add(mock.server, new ProofStep(3, "skip"), ProofStepResponse.of(4, List.of("⊢ True"), "x"));
        assertEquals(4, cache.replId(id, mock.server));
        assertTrue(cache.get(id).isProofState());
    }

    @Test
    void removeDeletesThePickleAndItsLockFile() throws IOException {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        assertEquals(2, files().size(), files().toString());
        cache.remove(-1);
        assertEquals(List.of(), files());
        assertFalse(cache.contains(-1));
    }

    @Test
    void clearAndCloseLeaveNoFiles() throws IOException {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        addEnv(cache, 1);
        cache.clear();
        assertEquals(List.of(), files());
        addEnv(cache, 2);
        cache.close();
        assertEquals(List.of(), files());
        assertTrue(cache.isEmpty());
        assertThrows(IllegalStateException.class, () -> addEnv(cache, 3));
    }

    @Test
    void aFailedPickleRaisesAndLeavesTheCacheConsistent() throws IOException {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        failPickling.set(true);
        SessionCacheException e = assertThrows(SessionCacheException.class, () -> addEnv(cache, 1));
        assertTrue(e.getMessage().contains("Unknown environment."), e.getMessage());
        assertEquals(List.of(-1), cache.keys());
        assertEquals(2, files().size());
        failPickling.set(false);
        assertEquals(-2, addEnv(cache, 2), "the failed add never used its id");
    }

    @Test
    void errorAnswersAndMismatchedAnswersAreRejected() {
        PickleSessionCache cache = cache();
        assertThrows(IllegalArgumentException.class,
                () -> cache.add(mock.server, Command.of("x"), new LeanError("boom")));
        assertThrows(IllegalArgumentException.class,
                () -> cache.add(mock.server, Command.of("x"), ProofStepResponse.of(1, List.of(), "x")));
        assertTrue(mock.requests.isEmpty());
    }

    @Test
    void aLazyReloadRestoresNothingUntilFirstUse() {
        PickleSessionCache cache = new PickleSessionCache(tmp, Duration.ofSeconds(5), true);
        addEnv(cache, 0);
        mock.newProcess();
        cache.reload(mock.server, null);
        assertTrue(mock.requests.isEmpty());
        int id = cache.replId(-1, mock.server);
        assertEquals(100, id);
        assertEquals(1, mock.requests.size());
    }

    @Test
    void anEagerReloadRestoresEveryStateOnce() {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        addEnv(cache, 1);
        mock.newProcess();
        cache.reload(mock.server, null);
        assertEquals(2, mock.requests.size());
        assertEquals(100, cache.replId(-1, mock.server));
        assertEquals(101, cache.replId(-2, mock.server));
        assertEquals(2, mock.requests.size(), "nothing restored twice");
    }

    @Test
    void aStateIsRestoredOnceEvenWhenManyThreadsAskAtOnce() throws Exception {
        PickleSessionCache cache = new PickleSessionCache(tmp, Duration.ofSeconds(5), true);
        addEnv(cache, 0);
        mock.newProcess();
        List<CompletableFuture<Integer>> asks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            asks.add(CompletableFuture.supplyAsync(() -> cache.replId(-1, mock.server), r -> new Thread(r).start()));
        }
        for (CompletableFuture<Integer> ask : asks) {
            assertEquals(100, ask.get(10, TimeUnit.SECONDS));
        }
        assertEquals(1, mock.requests.size());
    }

    @Test
    void aProofStateIsUnpickledOntoTheEnvironmentOfItsCommand() {
        PickleSessionCache cache = cache();
        Sorry sorry = new Sorry(Pos.of(1, 1), Pos.of(1, 6), "⊢ True", 3);
        int env = cache.add(mock.server, Command.of("theorem t : True := sorry"),
                CommandResponse.of(0).withSorries(List.of(sorry)));
        int ps = cache.add(mock.server, new ProofStep(3, "skip"), ProofStepResponse.of(4, List.of("⊢ True"), "x"));
        assertEquals(env, cache.get(ps).envSessionId());

        mock.newProcess();
        int restored = cache.replId(ps, mock.server);
        assertEquals(500 + 1, restored);
        assertInstanceOf(UnpickleEnvironment.class, mock.requests.get(0));
        UnpickleProofState unpickle = assertInstanceOf(UnpickleProofState.class, mock.requests.get(1));
        assertEquals(cache.replId(env, mock.server), unpickle.env());
    }

    @Test
    void aProofStateOfUnknownOriginIsUnpickledWithoutEnvironment() {
        PickleSessionCache cache = cache();
        int ps = cache.add(mock.server, new ProofStep(9, "skip"), ProofStepResponse.of(10, List.of("⊢ True"), "x"));
        assertNull(cache.get(ps).envSessionId());
        mock.newProcess();
        cache.replId(ps, mock.server);
        UnpickleProofState unpickle = assertInstanceOf(UnpickleProofState.class, mock.requests.get(0));
        assertNull(unpickle.env());
    }

    @Test
    void aMissingPickleIsReportedWithoutAskingTheRepl() throws IOException {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        addEnv(cache, 1);
        Files.delete(cache.get(-1).pickleFile());
        mock.newProcess();
        SessionCacheException e = assertThrows(SessionCacheException.class, () -> cache.reload(mock.server, null));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertEquals(1, mock.requests.size(), "only the intact state is unpickled");
        assertEquals(100, cache.replId(-2, mock.server));
        assertThrows(SessionCacheException.class, () -> cache.replId(-1, mock.server));
        assertEquals(1, mock.requests.size());
    }

    @Test
    void unknownIdsAreReportedAsMissing() {
        PickleSessionCache cache = cache();
        assertThrows(NoSuchElementException.class, () -> cache.get(-1));
        assertThrows(NoSuchElementException.class, () -> cache.replId(-1, mock.server));
        cache.remove(-1);
    }

    @Test
    void aLockHeldByAnotherProcessTimesOut() throws Exception {
        PickleSessionCache cache = new PickleSessionCache(tmp, Duration.ofMillis(400));
        addEnv(cache, 0);
        Path pickle = cache.get(-1).pickleFile();
        Process holder = LockHolder.start(Path.of(pickle + ".lock"));
        try {
            long t0 = System.nanoTime();
            SessionCacheException e = assertThrows(SessionCacheException.class, () -> cache.remove(-1));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 350 && ms < 5000, "waited " + ms + " ms");
            assertTrue(e.getMessage().contains("another process"), e.getMessage());
            assertTrue(Files.exists(pickle), "nothing deleted without the lock");
            assertTrue(cache.contains(-1), "the state stays so that the removal can be retried");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        cache.remove(-1);
        assertFalse(Files.exists(pickle));
        assertFalse(cache.contains(-1));
    }

    @Test
    void aLockReleasedByAnotherProcessIsObtained() throws Exception {
        PickleSessionCache cache = new PickleSessionCache(tmp, Duration.ofSeconds(20));
        addEnv(cache, 0);
        Path pickle = cache.get(-1).pickleFile();
        Process holder = LockHolder.start(Path.of(pickle + ".lock"));
        mock.newProcess();
        CompletableFuture<Integer> restore = CompletableFuture.supplyAsync(() -> cache.replId(-1, mock.server));
        Thread.sleep(300);
        assertFalse(restore.isDone(), "must wait for the other process");
        holder.getOutputStream().close();
        assertEquals(100, restore.get(10, TimeUnit.SECONDS));
        holder.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void pruneOrphansRemovesOnlyFilesOfDeadProcesses() throws Exception {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path dir = tmp.resolve("session_cache");
        Path orphan = dir.resolve("0123456789abcdef0123456789abcdef_" + dead.pid() + ".olean");
        Files.writeString(orphan, "x");
        Files.writeString(Path.of(orphan + ".lock"), "");
        Path strayLock = dir.resolve("fedcba9876543210fedcba9876543210_" + dead.pid() + ".olean.lock");
        Files.writeString(strayLock, "");

        assertEquals(3, cache.pruneOrphans());
        assertFalse(Files.exists(orphan));
        assertFalse(Files.exists(strayLock));
        assertTrue(Files.exists(cache.get(-1).pickleFile()), "a live process's pickle is kept");
    }
}
