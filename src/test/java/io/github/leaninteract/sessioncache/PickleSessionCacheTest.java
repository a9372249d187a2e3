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
import io.github.leaninteract.server.ServerAccessStubs;

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

    /** The pickles and their lock files (not the owner file of an open cache). */
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
    void picklesAreNamedUniquelyWithTheOwnerIdInTheSessionCacheFolder() {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        addEnv(cache, 0);
        Path a = cache.get(-1).pickleFile();
        Path b = cache.get(-2).pickleFile();
        assertFalse(a.equals(b));
        assertEquals(tmp.toAbsolutePath().resolve("session_cache"), a.getParent());
        assertTrue(cache.ownerId().matches("[0-9a-f]{32}"), cache.ownerId());
        assertTrue(a.getFileName().toString().matches(cache.ownerId() + "-\\d+\\.olean"), a.toString());
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
        ServerAccessStubs.verifyRanInProcess(mock.server, PickleEnvironment.class, Duration.ofSeconds(3));
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
        assertEquals(List.of(), allFiles(), "no pickle, lock or owner file");
        assertTrue(cache.isEmpty());
        assertThrows(IllegalStateException.class, () -> addEnv(cache, 3));
    }

    @Test
    void closeRemovesTheSessionCacheFolderItCreated() {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        assertTrue(Files.isDirectory(tmp.resolve("session_cache")));
        cache.close();
        assertFalse(Files.exists(tmp.resolve("session_cache")));
    }

    @Test
    void closeKeepsAFolderThatHoldsOtherFiles() throws IOException {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        Path foreign = Files.writeString(tmp.resolve("session_cache").resolve("other.olean"), "x");
        cache.close();
        assertEquals(List.of(foreign), files());
    }

    @Test
    void closeKeepsAFolderItDidNotCreate() throws IOException {
        Files.createDirectories(tmp.resolve("session_cache"));
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        cache.close();
        assertTrue(Files.isDirectory(tmp.resolve("session_cache")));
        assertEquals(List.of(), files());
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
            assertTrue(ms >= 400, "gave up after " + ms + " ms, before its lock timeout");
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
        CompletableFuture<Integer> restore = new CompletableFuture<>();
        Thread restorer = new Thread(() -> {
            try {
                restore.complete(cache.replId(-1, mock.server));
            } catch (Throwable e) {
                restore.completeExceptionally(e);
            }
        });
        restorer.start();
        awaitWaitingForALock(restorer);
        assertFalse(restore.isDone(), "must wait for the other process");
        assertEquals(List.of(), mock.requests, "nothing unpickled without the lock");
        holder.getOutputStream().close();
        assertEquals(100, restore.get(30, TimeUnit.SECONDS));
        holder.waitFor(30, TimeUnit.SECONDS);
    }

    /** Returns once {@code t} waits inside the lock helper: it tried the lock and found it held. */
    private static void awaitWaitingForALock(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(t.getState() == Thread.State.TIMED_WAITING && Stream.of(t.getStackTrace())
                .anyMatch(f -> f.getClassName().equals("io.github.leaninteract.util.LockFile")))) {
            if (System.nanoTime() > deadline || !t.isAlive()) {
                throw new AssertionError("never waited for the lock: " + t.getState());
            }
            Thread.sleep(1);
        }
    }

    /** Fake files of a cache {@code owner}, as its process would have left them: a pickle and its lock file. */
    private List<Path> filesOfAnotherCache(String owner) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("session_cache"));
        Path pickle = Files.writeString(dir.resolve(owner + "-1.olean"), "x");
        Path lock = Files.writeString(dir.resolve(owner + "-1.olean.lock"), "");
        return List.of(pickle, lock);
    }

    @Test
    void pruneKeepsTheFilesOfACacheWhoseOwnerLockAnotherProcessHoldsAndRemovesThemOnceItIsKilled() throws Exception {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        String owner = "0123456789abcdef0123456789abcdef";
        List<Path> theirs = filesOfAnotherCache(owner);
        Path ownerFile = tmp.resolve("session_cache").resolve(owner + ".owner");
        Process holder = LockHolder.start(ownerFile);
        try {
            assertEquals(0, cache.pruneOrphans(), "its owner lock is held: the files are in use");
            assertTrue(theirs.stream().allMatch(Files::exists));
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(3, cache.pruneOrphans(), "its process was killed: pickle, lock file and owner file");
        assertTrue(theirs.stream().noneMatch(Files::exists));
        assertFalse(Files.exists(ownerFile));
        assertTrue(Files.exists(cache.get(-1).pickleFile()), "the pruning cache's own pickle is kept");
        mock.newProcess();
        assertEquals(100, cache.replId(-1, mock.server), "and restores");
    }

    @Test
    void pruneRemovesFilesWhoseOwnerHoldsNoLockAndLeavesOtherFilesAlone() throws Exception {
        PickleSessionCache cache = cache();
        addEnv(cache, 0);
        List<Path> orphans = filesOfAnotherCache("fedcba9876543210fedcba9876543210");
        Path dir = tmp.resolve("session_cache");
        // A lock file whose pickle and owner file are gone (its process died between deletions).
        Path strayLock = Files.writeString(dir.resolve("00000000000000000000000000000000-7.olean.lock"), "");
        Path unrelated = Files.writeString(dir.resolve("notes.txt"), "mine");
        Path oldStyle = Files.writeString(dir.resolve("0123456789abcdef0123456789abcdef_1.olean"), "x");

        assertEquals(3, cache.pruneOrphans());
        assertTrue(orphans.stream().noneMatch(Files::exists));
        assertFalse(Files.exists(strayLock));
        assertTrue(Files.exists(unrelated) && Files.exists(oldStyle), "files this class did not name are kept");
        assertEquals(List.of(), allFiles().stream().filter(f -> f.getFileName().toString().endsWith(".owner")
                && !f.getFileName().toString().startsWith(cache.ownerId())).toList(), "no owner file made by pruning");
        assertTrue(Files.exists(cache.get(-1).pickleFile()));
    }

    @Test
    void pruneKeepsTheFilesOfAnotherOpenCacheOfThisJvm() throws Exception {
        PickleSessionCache pruner = cache();
        PickleSessionCache other = cache();
        addEnv(other, 0);
        List<Path> before = allFiles();
        assertEquals(3, before.size(), "pickle, lock file and owner file: " + before);
        assertEquals(0, pruner.pruneOrphans());
        assertEquals(before, allFiles());
        other.close();
        assertEquals(List.of(), allFiles());
    }

    @Test
    void theOwnerLockIsHeldFromTheFirstPickleUntilCloseWhichDeletesTheOwnerFile() throws Exception {
        PickleSessionCache cache = cache();
        Path ownerFile = tmp.resolve("session_cache").resolve(cache.ownerId() + ".owner");
        assertFalse(Files.exists(ownerFile), "no file before the first pickle");
        addEnv(cache, 0);
        assertTrue(Files.exists(ownerFile));
        assertEquals(java.util.Optional.empty(), io.github.leaninteract.util.LockFile.tryAcquire(ownerFile));
        cache.remove(-1);
        assertEquals(java.util.Optional.empty(), io.github.leaninteract.util.LockFile.tryAcquire(ownerFile),
                "held while the cache is open, with or without states");
        cache.close();
        assertFalse(Files.exists(ownerFile));
        try (io.github.leaninteract.util.LockFile free = io.github.leaninteract.util.LockFile.tryAcquire(ownerFile)
                .orElseThrow(() -> new AssertionError("close() released the owner lock"))) {
            free.deleteFile();
        }
    }
}
