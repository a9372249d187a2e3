package io.github.leaninteract.config;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock on one lock file, exclusive across threads and processes.
 *
 * <p>A {@link FileLock} belongs to the whole JVM, so a second {@code tryLock} on the same file from
 * this JVM would throw {@link OverlappingFileLockException} instead of waiting. Threads therefore
 * first take an in-JVM lock for the file, and only its holder takes the file lock. The operating
 * system releases file locks of a process that dies, so a crash never leaves a stale lock.
 * Re-entrant within a thread.
 */
final class CacheLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CacheLock.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final long MAX_POLL_MILLIS = 200;

    private final Path file;
    private final ReentrantLock jvmLock;
    private final FileChannel channel;
    private final FileLock fileLock;
    private boolean closed;

    private CacheLock(Path file, ReentrantLock jvmLock, FileChannel channel, FileLock fileLock) {
        this.file = file;
        this.jvmLock = jvmLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /**
     * Waits at most {@code timeout} for the lock on {@code lockFile} (created with its parents).
     *
     * @param purpose what the holder does, for log lines and the timeout message
     * @throws LeanSetupException on timeout, interrupt or when the lock file cannot be created
     */
    static CacheLock acquire(Path lockFile, Duration timeout, String purpose) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Path key;
        try {
            Files.createDirectories(lockFile.getParent());
            try {
                Files.createFile(lockFile);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // Another process made it first; both use the same file.
            }
            key = lockFile.toRealPath();
        } catch (IOException e) {
            throw new LeanSetupException("Cannot create the lock file " + lockFile
                    + "; check that the cache directory is writable (or choose another with cacheDirectory(...))", e);
        }
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            if (!jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timeout(key, timeout, purpose, "another thread of this JVM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeanSetupException("Interrupted while waiting for the lock on " + key + " (" + purpose + ")", e);
        }
        if (jvmLock.getHoldCount() > 1) {
            return new CacheLock(key, jvmLock, null, null);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = pollFileLock(channel, key, deadline, timeout, purpose);
            writeOwner(channel);
            LOG.debug("Locked {} ({})", key, purpose);
            return new CacheLock(key, jvmLock, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            jvmLock.unlock();
            if (e instanceof LeanSetupException lse) {
                throw lse;
            }
            throw new LeanSetupException("Cannot lock " + key + " (" + purpose + "): " + e, e);
        }
    }

    private static FileLock pollFileLock(FileChannel channel, Path key, long deadline, Duration timeout,
            String purpose) throws IOException {
        long pause = 5;
        boolean announced = false;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Only possible if code outside this class locks the same file in this JVM; treat as busy.
                lock = null;
            }
            if (lock != null) {
                return lock;
            }
            if (!announced) {
                LOG.info("Waiting for another process to finish {} (lock {}, held by {})", purpose, key, owner(key));
                announced = true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timeout(key, timeout, purpose, owner(key));
            }
            try {
                Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LeanSetupException("Interrupted while waiting for the lock on " + key + " (" + purpose + ")", e);
            }
            pause = Math.min(pause * 2, MAX_POLL_MILLIS);
        }
    }

    private static LeanSetupException timeout(Path key, Duration timeout, String purpose, String holder) {
        return new LeanSetupException("Timed out after " + timeout + " waiting for the lock on " + key + " (" + purpose
                + "), held by " + holder + ". Wait for that setup to finish, or raise lockTimeout(...) in LeanReplConfig.");
    }

    private static void writeOwner(FileChannel channel) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(ManagementFactory.getRuntimeMXBean().getName().getBytes(StandardCharsets.UTF_8)), 0);
    }

    /** The pid@host the holder wrote into the file, for messages; best effort. */
    private static String owner(Path key) {
        try {
            String s = Files.readString(key, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another process" : "process " + s;
        } catch (IOException e) {
            return "another process";
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing a lock file failed", e);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (fileLock != null) {
                fileLock.release();
                LOG.debug("Unlocked {}", file);
            }
        } catch (IOException e) {
            LOG.warn("Releasing the lock on {} failed (the OS releases it when the channel closes)", file, e);
        } finally {
            closeQuietly(channel);
            jvmLock.unlock();
        }
    }
}
