package io.github.leaninteract.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.sessioncache.LockHolder;
import io.github.leaninteract.support.NoLeakedProcesses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class LockFileTest {

    @TempDir
    Path tmp;

    /** Whether a lock on {@code file} is free for this JVM right now. */
    private static boolean free(Path file) throws IOException {
        Optional<LockFile> lock = LockFile.tryAcquire(file);
        lock.ifPresent(LockFile::close);
        return lock.isPresent();
    }

    /** Starts another JVM that takes the lock on {@code file}; returns once it holds it. */
    private static Process lockInAnotherProcess(Path file) throws Exception {
        return LockHolder.start(file);
    }

    private static void release(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void anExceptionInsideTheLockedBlockReleasesTheLockForThreadsAndProcesses() throws Exception {
        Path file = tmp.resolve("x.lock");
        assertThrows(IllegalStateException.class, () -> {
            try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(5), null)) {
                assertFalse(free(file));
                throw new IllegalStateException("failure inside the block");
            }
        });
        assertTrue(free(file), "another caller of this JVM gets it");
        // A process that could not get it would block forever in its lock(); the test's timeout would catch it.
        release(lockInAnotherProcess(file));
    }

    @Test
    void anErrorInsideTheLockedBlockReleasesTheLock() throws Exception {
        Path file = tmp.resolve("x.lock");
        assertThrows(AssertionError.class, () -> {
            try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(5), null)) {
                throw new AssertionError("an Error, not an Exception");
            }
        });
        assertTrue(free(file));
    }

    @Test
    void aLockHeldByAnotherProcessIsNotTakenAndTheWaitLastsTheTimeout() throws Exception {
        Path file = tmp.resolve("x.lock");
        Process holder = lockInAnotherProcess(file);
        try {
            assertEquals(Optional.empty(), LockFile.tryAcquire(file));
            long t0 = System.nanoTime();
            TimeoutException e = assertThrows(TimeoutException.class,
                    () -> LockFile.acquire(file, Duration.ofMillis(300), null));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300), "gave up before its timeout");
            assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("PT0.3S"), e.getMessage());
        } finally {
            release(holder);
        }
        assertTrue(free(file), "a failed acquisition left nothing held in this JVM");
    }

    @Test
    void theLockOfAProcessKilledWithSigkillIsFree() throws Exception {
        Path file = tmp.resolve("x.lock");
        Process holder = lockInAnotherProcess(file);
        assertFalse(free(file));
        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        assertTrue(free(file));
    }

    /** A thread that waits up to 30 s for the lock on {@code file}; its result completes {@code lock}. */
    private static Thread waiter(Path file, CompletableFuture<LockFile> lock) {
        Thread t = new Thread(() -> {
            try {
                lock.complete(LockFile.acquire(file, Duration.ofSeconds(30), null));
            } catch (Throwable e) {
                lock.completeExceptionally(e);
            }
        });
        t.start();
        return t;
    }

    /** Returns once {@code t} is parked or sleeping: waiting for the lock, which it could not take. */
    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline || !t.isAlive()) {
                throw new AssertionError("the waiter never waited: " + t.getState());
            }
            Thread.sleep(1);
        }
    }

    @Test
    void aWaiterGetsTheLockWhenAnotherProcessReleasesIt() throws Exception {
        Path file = tmp.resolve("x.lock");
        Process holder = lockInAnotherProcess(file);
        CompletableFuture<LockFile> lock = new CompletableFuture<>();
        Thread t = waiter(file, lock);
        awaitWaiting(t);
        assertFalse(lock.isDone(), "it waits while the other process holds the lock");
        release(holder);
        try (LockFile held = lock.get(30, TimeUnit.SECONDS)) {
            assertFalse(free(file));
        }
        t.join(30_000);
    }

    @Test
    void aWaiterLocksTheNewFileWhenTheOldOneIsDeletedUnderIt() throws Exception {
        Path file = tmp.resolve("x.lock");
        Process holder = lockInAnotherProcess(file);
        try {
            CompletableFuture<LockFile> lock = new CompletableFuture<>();
            Thread t = waiter(file, lock);
            awaitWaiting(t);
            // What a holder does when what the file guards is gone: delete it while still holding it.
            Files.delete(file);
            try (LockFile held = lock.get(30, TimeUnit.SECONDS)) {
                assertTrue(Files.isRegularFile(file), "the waiter made and locked a new file");
            }
            t.join(30_000);
        } finally {
            release(holder);
        }
    }

    @Test
    void aFailedAcquisitionReleasesTheInJvmLock() throws Exception {
        Path file = tmp.resolve("x.lock");
        Files.createDirectories(file);
        assertThrows(IOException.class, () -> LockFile.acquire(file, Duration.ofSeconds(1), null));
        Files.delete(file);
        try (LockFile lock = LockFile.acquire(file, Duration.ZERO, null)) {
            assertTrue(Files.isRegularFile(file));
        }
    }

    @Test
    void twoSpellingsOfOneFileAreOneLock() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), real);
        try (LockFile lock = LockFile.acquire(link.resolve("x.lock"), Duration.ofSeconds(1), null)) {
            assertEquals(real.toRealPath().resolve("x.lock"), lock.path());
            assertEquals(Optional.empty(), LockFile.tryAcquire(real.resolve("x.lock")));
            assertEquals(Optional.empty(), LockFile.tryAcquire(real.resolve("sub").resolve("..").resolve("x.lock")));
        }
        assertTrue(free(real.resolve("x.lock")));
    }

    @Test
    void threadsOfOneJvmTakeItInTurn() throws Exception {
        Path file = tmp.resolve("x.lock");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread[] threads = new Thread[6];
        AtomicInteger failures = new AtomicInteger();
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                for (int j = 0; j < 20; j++) {
                    try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(30), null)) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        inside.decrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        assertEquals(0, failures.get());
        assertEquals(1, most.get());
    }

    @Test
    void anyThreadMayReleaseIt() throws Exception {
        Path file = tmp.resolve("x.lock");
        LockFile lock = LockFile.acquire(file, Duration.ofSeconds(1), null);
        Thread other = new Thread(lock::close);
        other.start();
        other.join(30_000);
        assertTrue(free(file));
        lock.close();
    }

    @Test
    void aThreadThatHoldsItCannotTakeItAgainUnlessReentrant() throws Exception {
        Path file = tmp.resolve("x.lock");
        try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(1), null)) {
            assertThrows(IllegalStateException.class, () -> LockFile.acquire(file, Duration.ofSeconds(1), null));
            assertEquals(Optional.empty(), LockFile.tryAcquire(file));
        }
        try (LockFile outer = LockFile.acquireReentrant(file, Duration.ofSeconds(1), null)) {
            LockFile inner = LockFile.acquireReentrant(file, Duration.ofSeconds(1), null);
            inner.close();
            assertFalse(free(file), "held until the outer hold is closed");
        }
        assertTrue(free(file));
    }

    @Test
    void aThreadWaitingForAFileItsHolderDeletesLocksTheNewFile() throws Exception {
        Path file = tmp.resolve("x.lock");
        LockFile first = LockFile.acquire(file, Duration.ofSeconds(1), null);
        CompletableFuture<LockFile> lock = new CompletableFuture<>();
        Thread t = waiter(file, lock);
        awaitWaiting(t);
        assertTrue(first.deleteFile());
        first.close();
        try (LockFile second = lock.get(30, TimeUnit.SECONDS)) {
            assertTrue(Files.isRegularFile(file), "the waiter made and locked a new file");
            assertEquals(Optional.empty(), LockFile.tryAcquire(file));
        }
        t.join(30_000);
    }

    @Test
    void theHolderIsWrittenIntoTheFileAndNamedToThoseWhoTimeOut() throws Exception {
        Path file = tmp.resolve("x.lock");
        try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(1), "process 42@somewhere")) {
            assertEquals("process 42@somewhere", Files.readString(file));
        }
    }

    @Test
    void closeIsIdempotentAndADeleteAfterCloseIsRefused() throws Exception {
        Path file = tmp.resolve("x.lock");
        LockFile lock = LockFile.acquire(file, Duration.ofSeconds(1), null);
        lock.close();
        lock.close();
        assertThrows(IllegalStateException.class, lock::deleteFile);
        assertTrue(free(file));
    }

    @Test
    void lockingInAFolderThatWasDeletedSinceMakesItAgain() throws Exception {
        Path folder = tmp.resolve("made-again");
        Path file = folder.resolve("x.lock");
        try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(5), null)) {
            lock.deleteFile();
        }
        Files.delete(folder);
        try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(5), null)) {
            assertTrue(Files.isRegularFile(file));
        }
        release(lockInAnotherProcess(file));
    }

    @Test
    void deleteIfExistsTellsWhetherItDeletedAndFailsOnWhatItCannotDelete() throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertTrue(LockFile.deleteIfExists(file));
        assertFalse(Files.exists(file));
        assertFalse(LockFile.deleteIfExists(file));
        Path folder = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(folder.resolve("inside"), "x");
        assertThrows(java.nio.file.DirectoryNotEmptyException.class, () -> LockFile.deleteIfExists(folder));
    }

    @Test
    void aLockToDeleteWaitsForAnotherProcessForItsTimeoutThenGetsItOnceReleased() throws Exception {
        Path file = tmp.resolve("x.lock");
        Process holder = lockInAnotherProcess(file);
        try {
            long t0 = System.nanoTime();
            assertThrows(TimeoutException.class, () -> LockFile.acquireToDelete(file, Duration.ofMillis(300)));
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300), "gave up before its timeout");
        } finally {
            release(holder);
        }
        try (LockFile lock = LockFile.acquireToDelete(file, Duration.ofSeconds(5))) {
            assertFalse(free(file));
            assertTrue(lock.deleteFile());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void aLockToDeleteOfAnAbsentLockFileMakesItEvenWithAZeroTimeout() throws Exception {
        Path file = tmp.resolve("x.lock");
        try (LockFile lock = LockFile.acquireToDelete(file, Duration.ZERO)) {
            assertTrue(Files.isRegularFile(file));
            assertFalse(free(file));
        }
        assertTrue(free(file));
    }

    @Test
    void aLockToDeleteExcludesTheOtherThreadsOfThisJvm() throws Exception {
        Path file = tmp.resolve("x.lock");
        try (LockFile lock = LockFile.acquire(file, Duration.ofSeconds(1), null)) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread other = new Thread(() -> {
                try (LockFile taken = LockFile.acquireToDelete(file, Duration.ofMillis(200))) {
                    failure.complete(null);
                } catch (Throwable e) {
                    failure.complete(e);
                }
            });
            other.start();
            Throwable e = failure.get(30, TimeUnit.SECONDS);
            assertTrue(e instanceof TimeoutException, "the other thread did not time out: " + e);
            assertTrue(e.getMessage().contains("another thread of this JVM"), e.getMessage());
            other.join(30_000);
        }
    }

    @Test
    void aLockToDeleteTakenAfterItsHolderDeletedEverythingFindsNothingLeftToDelete() throws Exception {
        Path guarded = Files.writeString(tmp.resolve("x"), "state");
        Path file = tmp.resolve("x.lock");
        Process holder = lockInAnotherProcess(file);
        try {
            CompletableFuture<LockFile> lock = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    lock.complete(LockFile.acquireToDelete(file, Duration.ofSeconds(30)));
                } catch (Throwable e) {
                    lock.completeExceptionally(e);
                }
            });
            t.start();
            awaitWaiting(t);
            // What the other process does as a deleting holder: the guarded file first, then the lock file.
            Files.delete(guarded);
            Files.delete(file);
            release(holder);
            try (LockFile held = lock.get(30, TimeUnit.SECONDS)) {
                assertFalse(LockFile.deleteIfExists(guarded), "nothing left to delete");
                held.deleteFile();
            }
            t.join(30_000);
        } finally {
            if (holder.isAlive()) {
                release(holder);
            }
        }
        try (var left = Files.list(tmp)) {
            assertEquals(0, left.count(), "no file left behind");
        }
    }
}
