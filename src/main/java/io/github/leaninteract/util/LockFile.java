package io.github.leaninteract.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An exclusive lock on one lock file, across the threads of this JVM and across processes and hosts that
 * share the file system. Internal to lean-interact (its session cache and its setup both lock through
 * it): public only so that its packages can share it; not part of the supported API.
 *
 * <pre>{@code
 * try (LockFile lock = LockFile.acquire(dir.resolve("x.lock"), Duration.ofSeconds(5), null)) {
 *     // only one thread of one process at a time is here
 * }
 * }</pre>
 *
 * <p>A {@code java.nio} {@link FileLock} belongs to the whole JVM: a second thread asking for it gets an
 * {@link OverlappingFileLockException} instead of waiting, and on POSIX systems closing <em>any</em> channel
 * on the file drops the JVM's lock on it. So a thread first takes an in-JVM lock keyed by the file's real
 * path (its folder's real path and its name, so that two spellings of one file are one lock), and only then
 * opens the file and takes its {@code FileChannel} lock. The operating system drops the locks of a process
 * that dies, so a crash (even {@code SIGKILL}) never leaves a stale lock.
 *
 * <p>The holder may delete the lock file ({@link #deleteFile()}) before releasing it. A waiter that then gets
 * the lock of the deleted file notices that the path names another file (or none), and locks the file that
 * is there now; two holders never coexist ({@link #acquireToDelete} skips that check, for lock files whose
 * holders make it unneeded).
 *
 * <p>{@link #close()} releases the lock on every path and from any thread, and acquisition that fails for
 * any reason (timeout, interrupt, I/O error, an unchecked exception) leaves nothing held. Thread-safe.
 */
public final class LockFile implements AutoCloseable {

    /** The in-JVM state of one lock file; all fields guarded by the slot's monitor. */
    private static final class Slot {
        int users;
        boolean held;
        Thread thread;
        boolean reentrant;
        int holds;
        FileChannel channel;
        FileLock fileLock;
    }

    private static final ConcurrentHashMap<Path, Slot> SLOTS = new ConcurrentHashMap<>();
    /**
     * Real paths of the folders locked in, by their absolute normalised spelling: resolving a real path costs
     * a system call per path element, and a session cache locks many files in one folder.
     */
    private static final ConcurrentHashMap<Path, Path> REAL_FOLDERS = new ConcurrentHashMap<>();
    private static final int MAX_REAL_FOLDERS = 256;
    private static final long MAX_POLL_MILLIS = 100;

    private final Path path;
    private final Slot slot;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LockFile(Path path, Slot slot) {
        this.path = path;
        this.slot = slot;
    }

    /**
     * Waits at most {@code timeout} for the lock on {@code lockFile}, creating the file and its folders when
     * needed. Not re-entrant: a thread that already holds the lock gets {@link IllegalStateException}.
     *
     * @param holder written into the lock file once it is held (for other processes' timeout messages), or
     *     {@code null} to leave the file's content alone
     * @throws TimeoutException when another thread or process held it for the whole {@code timeout}; the
     *     message names the file and its holder as far as known
     * @throws IOException when the lock file cannot be created or opened
     * @throws InterruptedException when the thread is interrupted while waiting
     */
    public static LockFile acquire(Path lockFile, Duration timeout, String holder)
            throws IOException, TimeoutException, InterruptedException {
        return acquire(lockFile, timeout, holder, false, true);
    }

    /**
     * As {@link #acquire} (without a holder), for a holder that will delete what the lock guards and then
     * the lock file: it skips the two checks that the locked file is still the one at the path (a
     * {@code stat} before opening it and one after locking it), two of the nine system calls of a deletion.
     *
     * <p>Only for lock files that are deleted solely by holders that have already deleted what they guard,
     * which is never re-created under the same name. A lock taken on a lock file deleted meanwhile then
     * means that what it guards is gone for good: deleting it again does nothing, and the lock file at
     * the path, if someone made a new one, guards nothing that exists.
     */
    public static LockFile acquireToDelete(Path lockFile, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        return acquire(lockFile, timeout, null, false, false);
    }

    /**
     * As {@link #acquire}, but a thread that holds the lock (taken by this method) gets it again at once; the
     * lock is released when every handle is closed.
     */
    public static LockFile acquireReentrant(Path lockFile, Duration timeout, String holder)
            throws IOException, TimeoutException, InterruptedException {
        return acquire(lockFile, timeout, holder, true, true);
    }

    /**
     * Takes the lock on {@code lockFile} only when no thread or process holds it, without waiting (beyond
     * creating and opening the file).
     *
     * @return the lock, or empty when someone holds it (this thread included)
     * @throws IOException when the lock file cannot be created or opened
     */
    public static Optional<LockFile> tryAcquire(Path lockFile) throws IOException {
        try {
            return Optional.of(acquire(lockFile, Duration.ZERO, null, false, true));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (IllegalStateException e) {
            // This very thread holds it: held is held.
            return Optional.empty();
        } catch (InterruptedException e) {
            // A zero wait never waits; keep the flag for the caller.
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static LockFile acquire(Path lockFile, Duration timeout, String holder, boolean reentrant,
            boolean checkIdentity) throws IOException, TimeoutException, InterruptedException {
        Objects.requireNonNull(lockFile, "lockFile");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        Path key = keyOf(lockFile);
        Slot slot = SLOTS.compute(key, (k, s) -> {
            Slot slotOfKey = s == null ? new Slot() : s;
            slotOfKey.users++;
            return slotOfKey;
        });
        boolean acquired = false;
        try {
            if (enterJvm(key, slot, deadline, timeout, reentrant)) {
                acquired = true;
                return new LockFile(key, slot);
            }
            try {
                lockFileOf(key, slot, deadline, timeout, holder, checkIdentity);
            } catch (Throwable t) {
                leaveJvm(slot);
                throw t;
            }
            acquired = true;
            return new LockFile(key, slot);
        } finally {
            if (!acquired) {
                forget(key, slot);
            }
        }
    }

    /**
     * The key of a lock file: its folder's real path and its name; creates the folder when needed. A folder's
     * real path is remembered (the folder may be deleted and made again: {@link #lockFileOf} re-creates it);
     * so a symbolic link in the folder's path that is pointed elsewhere while the JVM runs is not followed
     * anew (the cache folders this class serves are not moved while in use).
     */
    private static Path keyOf(Path lockFile) throws IOException {
        Path absolute = lockFile.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            throw new IOException("Not a lock file path: " + lockFile);
        }
        Path realParent = REAL_FOLDERS.get(parent);
        if (realParent == null) {
            Files.createDirectories(parent);
            realParent = parent.toRealPath();
            if (REAL_FOLDERS.size() >= MAX_REAL_FOLDERS) {
                REAL_FOLDERS.clear();
            }
            REAL_FOLDERS.put(parent, realParent);
        }
        return realParent.resolve(absolute.getFileName().toString());
    }

    /** Creates the lock file, and its folder when that was deleted since its real path was taken. */
    private static void create(Path key) throws IOException {
        try {
            FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        } catch (NoSuchFileException e) {
            Files.createDirectories(key.getParent());
            FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        }
    }

    /**
     * Takes the in-JVM part of the lock.
     *
     * @return whether this was a re-entry (the file lock is already held by this thread)
     */
    private static boolean enterJvm(Path key, Slot slot, long deadline, Duration timeout, boolean reentrant)
            throws TimeoutException, InterruptedException {
        Thread me = Thread.currentThread();
        synchronized (slot) {
            if (slot.held && slot.thread == me) {
                if (reentrant && slot.reentrant) {
                    slot.holds++;
                    return true;
                }
                throw new IllegalStateException("This thread already holds the lock " + key);
            }
            while (slot.held) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("Could not lock " + key + " within " + timeout
                            + ": another thread of this JVM holds it");
                }
                TimeUnit.NANOSECONDS.timedWait(slot, left);
            }
            slot.held = true;
            slot.thread = me;
            slot.reentrant = reentrant;
            slot.holds = 1;
            return false;
        }
    }

    /** Takes the file lock; the caller holds the slot. On success the slot carries the channel and lock. */
    private static void lockFileOf(Path key, Slot slot, long deadline, Duration timeout, String holder,
            boolean checkIdentity) throws IOException, TimeoutException, InterruptedException {
        long pause = 1;
        // A zero timeout still gets one try at locking, after creating the file if need be; a file that keeps
        // vanishing under us does not get more than its deadline.
        boolean triedOnce = false;
        int absences = 0;
        while (true) {
            if ((triedOnce || absences > 1) && deadline - System.nanoTime() <= 0) {
                throw new TimeoutException("Could not lock " + key + " within " + timeout + ": held by "
                        + holderOf(key));
            }
            Object before = checkIdentity ? fileKey(key) : Boolean.TRUE;
            if (before == null) {
                // Create it, then lock it on the next round: only a file seen both before opening and after
                // locking is known to be the one the channel has open.
                create(key);
                absences++;
                continue;
            }
            FileChannel channel;
            try {
                // Without CREATE: creating takes the folder's lock in the kernel even when the file exists,
                // which serialises the threads of a clear() that open and delete files in one folder.
                channel = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException absent) {
                if (!checkIdentity) {
                    create(key);
                }
                absences++;
                continue;
            }
            triedOnce = true;
            try {
                FileLock fileLock = null;
                try {
                    fileLock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    // Locked in this JVM by code outside this class: busy, as for another process.
                }
                if (fileLock != null) {
                    if (checkIdentity && !before.equals(fileKey(key))) {
                        // Its holder deleted (or replaced) the file meanwhile: lock the one there now.
                        continue;
                    }
                    if (holder != null) {
                        channel.truncate(0);
                        channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
                    }
                    synchronized (slot) {
                        slot.channel = channel;
                        slot.fileLock = fileLock;
                    }
                    channel = null;
                    return;
                }
            } finally {
                if (channel != null) {
                    channel.close();
                }
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                Thread.sleep(Math.min(pause, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                pause = Math.min(pause * 2, MAX_POLL_MILLIS);
            }
        }
    }

    /**
     * The file's identity (device and inode where the file system has them, else a marker that it exists),
     * or null when it is absent.
     */
    private static Object fileKey(Path file) throws IOException {
        try {
            Object k = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            return k != null ? k : Boolean.TRUE;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** What the holder wrote into the file, for messages; best effort. */
    private static String holderOf(Path key) {
        try {
            String s = Files.readString(key, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another process" : s;
        } catch (IOException | RuntimeException e) {
            return "another process";
        }
    }

    /** The real path of the lock file (its folder's real path and its name). */
    public Path path() {
        return path;
    }

    /**
     * Deletes the lock file while still holding the lock (when what it guards is gone for good). Waiters
     * then lock a new file of the same name.
     *
     * @return whether a file was deleted
     * @throws IllegalStateException when this handle is closed
     */
    public boolean deleteFile() throws IOException {
        if (closed.get()) {
            throw new IllegalStateException("The lock on " + path + " is released");
        }
        return deleteIfExists(path);
    }

    /**
     * {@link Files#deleteIfExists}, in one system call where it succeeds ({@code Files} first reads the
     * file's attributes): a session cache deletes thousands of files at once.
     *
     * @return whether a file was deleted
     * @throws IOException when the file exists and cannot be deleted
     */
    public static boolean deleteIfExists(Path file) throws IOException {
        if (file.toFile().delete()) {
            return true;
        }
        // Absent, or not deletable: Files says which, with the reason.
        return Files.deleteIfExists(file);
    }

    /**
     * Releases this hold: the lock itself once every re-entrant hold is closed. Idempotent; any thread may
     * call it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            leaveJvm(slot);
        } finally {
            forget(path, slot);
        }
    }

    /** Ends one hold of the slot, releasing the file lock with the last one. */
    private static void leaveJvm(Slot slot) {
        FileChannel channel;
        FileLock fileLock;
        synchronized (slot) {
            if (--slot.holds > 0) {
                return;
            }
            channel = slot.channel;
            fileLock = slot.fileLock;
            slot.channel = null;
            slot.fileLock = null;
        }
        try {
            if (fileLock != null && fileLock.isValid()) {
                fileLock.release();
            }
        } catch (IOException | RuntimeException e) {
            // Closing the channel below releases it in any case.
        } finally {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // The descriptor is gone either way, and with it the lock.
            } finally {
                synchronized (slot) {
                    slot.held = false;
                    slot.thread = null;
                    slot.notifyAll();
                }
            }
        }
    }

    private static void forget(Path key, Slot slot) {
        SLOTS.computeIfPresent(key, (k, s) -> s == slot && --s.users == 0 ? null : s);
    }

    @Override
    public String toString() {
        return "LockFile[" + path + (closed.get() ? ", released]" : ", held]");
    }
}
