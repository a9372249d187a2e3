package io.github.leaninteract.sessioncache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to one pickle file {@code F}, across threads and processes: a {@code FileChannel} lock
 * on {@code F.lock}, taken after an in-JVM lock on the same path.
 *
 * <p>The in-JVM lock comes first because a {@code FileChannel} lock belongs to the whole JVM: a second
 * thread asking for it would get an {@code OverlappingFileLockException} instead of waiting.
 * The lock file may be deleted by its holder (when the pickle is removed); whoever then gets the lock on
 * the deleted file notices that it is gone and locks a new one.
 */
final class PickleFileLock implements AutoCloseable {

    private static final class Local {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    private static final ConcurrentHashMap<Path, Local> LOCAL = new ConcurrentHashMap<>();

    private final Path lockFile;
    private final Local local;
    private final FileChannel channel;
    private final FileLock fileLock;

    private PickleFileLock(Path lockFile, Local local, FileChannel channel, FileLock fileLock) {
        this.lockFile = lockFile;
        this.local = local;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** The lock file that guards {@code pickleFile}. */
    static Path lockFileOf(Path pickleFile) {
        return pickleFile.resolveSibling(pickleFile.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code pickleFile}, waiting at most {@code timeout}.
     *
     * @throws SessionCacheException when it is not obtained in time, or the lock file cannot be opened
     */
    static PickleFileLock acquire(Path pickleFile, Duration timeout) {
        Path lockFile = lockFileOf(pickleFile.toAbsolutePath().normalize());
        long deadline = System.nanoTime() + timeout.toNanos();
        Local local = LOCAL.compute(lockFile, (k, v) -> {
            Local l = v == null ? new Local() : v;
            l.users++;
            return l;
        });
        boolean locked = false;
        try {
            if (local.lock.isHeldByCurrentThread()) {
                throw new SessionCacheException("This thread already holds the lock " + lockFile);
            }
            if (!local.lock.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw timeout(lockFile, timeout, "another thread of this JVM holds it");
            }
            locked = true;
            long pause = 5;
            while (true) {
                FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock fileLock = null;
                try {
                    fileLock = channel.tryLock();
                } finally {
                    if (fileLock == null) {
                        channel.close();
                    }
                }
                if (fileLock != null) {
                    if (Files.exists(lockFile)) {
                        return new PickleFileLock(lockFile, local, channel, fileLock);
                    }
                    // We locked a file that its holder deleted meanwhile: lock the new one.
                    fileLock.release();
                    channel.close();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timeout(lockFile, timeout, "another process holds it");
                }
                Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                pause = Math.min(pause * 2, 100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release(local, lockFile, locked);
            throw new SessionCacheException("Interrupted while waiting for the lock " + lockFile, e);
        } catch (IOException e) {
            release(local, lockFile, locked);
            throw new SessionCacheException("Could not open the lock file " + lockFile + ": " + e.getMessage(), e);
        } catch (SessionCacheException e) {
            release(local, lockFile, locked);
            throw e;
        }
    }

    /** Deletes the lock file while still holding it (when its pickle is gone for good). */
    boolean deleteLockFile() throws IOException {
        return Files.deleteIfExists(lockFile);
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            channel.close();
        } catch (IOException ignored) {
            // Closing the channel releases the lock in any case.
        } finally {
            release(local, lockFile, true);
        }
    }

    private static void release(Local local, Path lockFile, boolean locked) {
        if (locked) {
            local.lock.unlock();
        }
        LOCAL.computeIfPresent(lockFile, (k, v) -> --v.users == 0 ? null : v);
    }

    private static SessionCacheException timeout(Path lockFile, Duration timeout, String why) {
        return new SessionCacheException("Could not lock " + lockFile + " within " + timeout + ": " + why);
    }
}
