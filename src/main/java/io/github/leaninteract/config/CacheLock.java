package io.github.leaninteract.config;

import io.github.leaninteract.util.LockFile;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock on one lock file of the setup cache, exclusive across threads and processes, re-entrant within a
 * thread: {@link LockFile} with the setup's exceptions and log lines. The holder's {@code pid@host} is
 * written into the file so that a process that times out can say who held it.
 */
final class CacheLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CacheLock.class);

    private final LockFile lock;

    private CacheLock(LockFile lock) {
        this.lock = lock;
    }

    /**
     * Waits at most {@code timeout} for the lock on {@code lockFile} (created with its parents).
     *
     * @param purpose what the holder does, for log lines and the timeout message
     * @throws LeanSetupException on timeout, interrupt or when the lock file cannot be created
     */
    static CacheLock acquire(Path lockFile, Duration timeout, String purpose) {
        String me = ManagementFactory.getRuntimeMXBean().getName();
        try {
            LockFile lock = LockFile.acquireReentrant(lockFile, Duration.ZERO, "process " + me);
            LOG.debug("Locked {} ({})", lock.path(), purpose);
            return new CacheLock(lock);
        } catch (TimeoutException busy) {
            LOG.info("Waiting for the lock before {}: {}", purpose, busy.getMessage());
        } catch (InterruptedException e) {
            throw interrupted(lockFile, purpose, e);
        } catch (IOException e) {
            throw uncreatable(lockFile, e);
        }
        try {
            LockFile lock = LockFile.acquireReentrant(lockFile, timeout, "process " + me);
            LOG.debug("Locked {} ({})", lock.path(), purpose);
            return new CacheLock(lock);
        } catch (TimeoutException e) {
            throw new LeanSetupException("Timed out after " + timeout + " waiting for the lock (" + purpose + "). "
                    + e.getMessage() + ". Wait for that setup to finish, or raise lockTimeout(...) in LeanReplConfig.", e);
        } catch (InterruptedException e) {
            throw interrupted(lockFile, purpose, e);
        } catch (IOException e) {
            throw uncreatable(lockFile, e);
        }
    }

    private static LeanSetupException interrupted(Path lockFile, String purpose, InterruptedException e) {
        Thread.currentThread().interrupt();
        return new LeanSetupException("Interrupted while waiting for the lock on " + lockFile + " (" + purpose + ")", e);
    }

    private static LeanSetupException uncreatable(Path lockFile, IOException e) {
        return new LeanSetupException("Cannot create the lock file " + lockFile + " (" + e
                + "); check that the cache directory is writable (or choose another with cacheDirectory(...))", e);
    }

    @Override
    public void close() {
        lock.close();
        LOG.debug("Unlocked {}", lock.path());
    }
}
