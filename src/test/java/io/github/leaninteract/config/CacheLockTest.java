package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheLockTest {

    @TempDir
    Path tmp;

    @Test
    void threadsOfOneJvmTakeTheFileLockInTurnWithoutOverlapErrors() throws Exception {
        Path file = tmp.resolve("locks").resolve("x.lock");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Future<?>[] fs = new Future<?>[8];
            for (int i = 0; i < fs.length; i++) {
                fs[i] = pool.submit(() -> {
                    for (int j = 0; j < 20; j++) {
                        try (CacheLock lock = CacheLock.acquire(file, Duration.ofSeconds(20), "testing")) {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                });
            }
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, maxInside.get());
    }

    @Test
    void isReentrantWithinAThread() {
        Path file = tmp.resolve("r.lock");
        try (CacheLock outer = CacheLock.acquire(file, Duration.ofSeconds(1), "outer");
                CacheLock inner = CacheLock.acquire(file, Duration.ofSeconds(1), "inner")) {
            assertTrue(true, "no OverlappingFileLockException");
        }
        try (CacheLock again = CacheLock.acquire(file, Duration.ofSeconds(1), "again")) {
            assertTrue(true, "released after both closed");
        }
    }

    @Test
    void givesUpAfterTheTimeoutWithAClearMessage() throws Exception {
        Path file = tmp.resolve("t.lock");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try (CacheLock lock = CacheLock.acquire(file, Duration.ofSeconds(5), "holding")) {
                held.countDown();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        holder.start();
        try {
            assertTrue(held.await(30, TimeUnit.SECONDS));
            LeanSetupException e = assertThrows(LeanSetupException.class,
                    () -> CacheLock.acquire(file, Duration.ofMillis(100), "building something"));
            assertTrue(e.getMessage().contains("Timed out after PT0.1S"), e.getMessage());
            assertTrue(e.getMessage().contains("building something"), e.getMessage());
            assertTrue(e.getMessage().contains("lockTimeout"), e.getMessage());
        } finally {
            release.countDown();
            holder.join(30_000);
        }
    }

    @Test
    void anUncreatableLockFileIsExplained() throws Exception {
        Path blocker = tmp.resolve("file");
        java.nio.file.Files.writeString(blocker, "not a folder");
        LeanSetupException e = assertThrows(LeanSetupException.class,
                () -> CacheLock.acquire(blocker.resolve("x.lock"), Duration.ofSeconds(1), "testing"));
        assertTrue(e.getMessage().contains("writable"), e.getMessage());
    }
}
