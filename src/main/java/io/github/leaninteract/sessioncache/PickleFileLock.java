package io.github.leaninteract.sessioncache;

import io.github.leaninteract.util.LockFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Exclusive access to one file {@code F} of the session cache, across threads and processes: a
 * {@link LockFile} on {@code F.lock}, with the session cache's exceptions. Not re-entrant.
 */
final class PickleFileLock implements AutoCloseable {

    private final LockFile lock;

    private PickleFileLock(LockFile lock) {
        this.lock = lock;
    }

    /** The lock file that guards {@code pickleFile}. */
    static Path lockFileOf(Path pickleFile) {
        return pickleFile.resolveSibling(pickleFile.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code pickleFile}, waiting at most {@code timeout} (callers pass what remains of a
     * request's deadline, or the cache's lock timeout).
     *
     * @throws SessionCacheException when it is not obtained in time, or the lock file cannot be opened
     */
    static PickleFileLock acquire(Path pickleFile, Duration timeout) {
        return acquireLockFile(lockFileOf(pickleFile), timeout);
    }

    /**
     * Takes the lock of {@code pickleFile} to delete it and then its lock file, with fewer system calls than
     * {@link #acquire} ({@link LockFile#acquireToDelete}): this cache deletes a lock file only once its
     * pickle is gone, and never writes a pickle twice under one name.
     */
    static PickleFileLock acquireToDelete(Path pickleFile, Duration timeout) {
        return acquire(lockFileOf(pickleFile), timeout, false);
    }

    /** Takes the lock on {@code lockFile} itself (not a pickle's), waiting at most {@code timeout}. */
    static PickleFileLock acquireLockFile(Path lockFile, Duration timeout) {
        return acquire(lockFile, timeout, true);
    }

    private static PickleFileLock acquire(Path lockFile, Duration timeout, boolean checkIdentity) {
        try {
            return new PickleFileLock(checkIdentity ? LockFile.acquire(lockFile, timeout, null)
                    : LockFile.acquireToDelete(lockFile, timeout));
        } catch (TimeoutException e) {
            throw new SessionCacheException(e.getMessage()
                    + "; another thread or process is using this state for longer than the lock timeout", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionCacheException("Interrupted while waiting for the lock " + lockFile, e);
        } catch (IOException e) {
            throw new SessionCacheException("Could not open the lock file " + lockFile + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new SessionCacheException(e.getMessage(), e);
        }
    }

    /** Takes the lock on {@code lockFile} when nobody holds it; empty when someone does. */
    static Optional<PickleFileLock> tryAcquireLockFile(Path lockFile) {
        try {
            return LockFile.tryAcquire(lockFile).map(PickleFileLock::new);
        } catch (IOException e) {
            throw new SessionCacheException("Could not open the lock file " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the lock file while still holding it (when what it guards is gone for good). */
    boolean deleteLockFile() throws IOException {
        return lock.deleteFile();
    }

    @Override
    public void close() {
        lock.close();
    }
}
