package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.protocol.PickleProofState;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.protocol.UnpickleProofState;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.server.LeanProcessException;
import io.github.leaninteract.server.LeanServerException;
import io.github.leaninteract.server.LeanTimeoutException;
import io.github.leaninteract.server.ServerAccess;
import io.github.leaninteract.util.LockFile;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session cache that has the REPL pickle every state to an {@code .olean} file and restores it by
 * unpickling.
 *
 * <pre>{@code
 * try (PickleSessionCache cache = new PickleSessionCache(Path.of("work"));
 *      AutoLeanServer server = new AutoLeanServer(config, cache)) {
 *     CommandResponse env = server.command(Command.of("def x := 42"), true);
 *     server.restart();                                            // every REPL id is gone ...
 *     server.command(Command.of("#eval x").withEnv(env.env()));     // ... the session id still works
 * }
 * }</pre>
 *
 * <p>Pickles go to {@code workingDir/session_cache/<owner>-<n>.olean}, where {@code <owner>} is a random id of
 * this cache instance ({@link #ownerId()}); names are unique across threads, servers, processes, containers,
 * hosts and runs. Every write, read and delete of a pickle {@code F} holds a lock on {@code F.lock}: a
 * {@code java.nio} {@code FileChannel} lock (so other processes wait too) paired with an in-JVM lock (so
 * threads wait instead of failing). A lock not obtained within the lock timeout raises
 * {@link SessionCacheException}.
 *
 * <p>From its first pickle until {@link #close()}, the cache holds a {@code FileChannel} lock on its owner file
 * {@code session_cache/<owner>.owner}: that lock, not a process id, tells others that its pickles are in use.
 * The operating system drops it when the process dies, however it dies, so {@link #pruneOrphans()} in any
 * process that shares the folder (another container on a shared volume, another host on a network file
 * system with working locks) removes exactly the files of caches that are gone.
 *
 * <p>By default {@link #reload} restores every state at once (eager), with several unpickle requests under
 * way at a time (the REPL answers them in order), so that it costs about what the REPL takes to unpickle; a
 * state whose pickle kills the REPL midway is marked as failed for good (when the process had answered
 * before, so that it was not a REPL failing to start), and the states not restored then are restored on the
 * next reload or on first use, never twice into one process. A lazy cache restores each state the first time
 * it is used. A proof state is unpickled onto a cached environment known to carry its
 * imports (the environment of the command whose sorry opened it) when there is one, and without an
 * environment otherwise, which makes the REPL re-import its imports.
 *
 * <p>Thread-safe and process-safe: threads and servers may share one instance; processes may share one
 * working directory. {@link #close()} removes every state and its files, and its owner file. Files of
 * caches whose process died without closing (a JVM killed with SIGKILL runs no shutdown hook and no
 * {@code close()}) are removed by {@link #pruneOrphans()}, for example once when the application starts.
 *
 * <p>Known limit of the REPL's pickling: scoped notations and some environment extensions are not restored.
 */
public class PickleSessionCache extends AbstractSessionCache<PickleSessionState> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PickleSessionCache.class);
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern OWNER_FILE = Pattern.compile("([0-9a-f]{32})\\.owner");
    private static final Pattern PICKLE_FILE = Pattern.compile("([0-9a-f]{32})-\\d+\\.olean(\\.lock)?");
    /** How many pickles an eager reload locks and has under way at once. */
    private static final int RESTORE_BATCH = 64;
    /** How many pickles one thread of {@link #clear()} deletes at least: below that a thread costs more. */
    private static final int DISCARDS_PER_THREAD = 128;
    /** The most threads {@link #clear()} deletes with (also bounded by the processors). */
    private static final int MAX_DISCARD_THREADS = 4;

    private final Path directory;
    private final Duration lockTimeout;
    private final boolean lazy;
    private final String ownerId = UUID.randomUUID().toString().replace("-", "");
    private final AtomicLong pickleNumbers = new AtomicLong();
    private final Object ownerMonitor = new Object();
    // The lock on this cache's owner file, from its first pickle until close; guarded by ownerMonitor.
    private PickleFileLock ownerLock;
    private volatile boolean closed;
    /** Whether this cache created {@link #directory}: then close() removes it when it is left empty. */
    private volatile boolean createdDirectory;

    /** An eager cache with the default lock timeout of 60 s. */
    public PickleSessionCache(Path workingDir) {
        this(workingDir, DEFAULT_LOCK_TIMEOUT);
    }

    /** An eager cache. */
    public PickleSessionCache(Path workingDir, Duration lockTimeout) {
        this(workingDir, lockTimeout, false);
    }

    /**
     * @param workingDir pickles go to its {@code session_cache} folder (created when needed)
     * @param lockTimeout how long to wait for a pickle's lock
     * @param lazy whether {@link #reload} leaves restoring to each state's first use
     */
    public PickleSessionCache(Path workingDir, Duration lockTimeout, boolean lazy) {
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must not be negative, was " + lockTimeout);
        }
        this.directory = workingDir.toAbsolutePath().normalize().resolve("session_cache");
        this.lockTimeout = lockTimeout;
        this.lazy = lazy;
    }

    /** The folder holding the pickles. */
    public Path directory() {
        return directory;
    }

    /**
     * The random id of this cache instance: its pickles are {@code <ownerId>-<n>.olean} and its owner file,
     * locked while the cache is open, is {@code <ownerId>.owner}, both in {@link #directory()}.
     */
    public String ownerId() {
        return ownerId;
    }

    private Path ownerFile(String owner) {
        return directory.resolve(owner + ".owner");
    }

    /** Takes this cache's owner lock unless it holds it already; before its first pickle exists. */
    private void holdOwnerLock(Duration timeout) {
        synchronized (ownerMonitor) {
            if (closed) {
                throw new IllegalStateException("This PickleSessionCache is closed");
            }
            if (ownerLock == null) {
                ownerLock = PickleFileLock.acquireLockFile(ownerFile(ownerId), timeout);
                log.debug("Holding the owner lock {}", ownerFile(ownerId));
            }
        }
    }

    /** Releases this cache's owner lock and deletes its owner file; its pickles become prunable. */
    private void releaseOwnerLock() {
        synchronized (ownerMonitor) {
            if (ownerLock == null) {
                return;
            }
            try {
                ownerLock.deleteLockFile();
            } catch (IOException e) {
                log.warn("Could not delete the owner file {}: {}", ownerFile(ownerId), e.getMessage());
            } finally {
                ownerLock.close();
                ownerLock = null;
            }
        }
    }

    @Override
    protected PickleSessionState store(int id, LeanServer server, LeanRequest request, LeanResponse response,
            Duration timeout) {
        if (closed) {
            throw new IllegalStateException("This PickleSessionCache is closed");
        }
        Path file = directory.resolve(ownerId + "-" + pickleNumbers.incrementAndGet() + ".olean");
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                createdDirectory = true;
            }
        } catch (IOException e) {
            throw new SessionCacheException("Could not create " + directory + ": " + e.getMessage(), e);
        }
        holdOwnerLock(lockTimeout);
        boolean proofState = response instanceof ProofStepResponse;
        Integer envSessionId = proofState ? envCarryingImports(server, request) : null;
        LeanRequest pickle = proofState
                ? new PickleProofState(((ProofStepResponse) response).proofState(), file.toString())
                : new PickleEnvironment(((CommandResponse) response).env(), file.toString());
        try (PickleFileLock lock = PickleFileLock.acquire(file, lockTimeout)) {
            try {
                LeanResponse answer = ServerAccess.of(server).runInProcess(pickle, timeout);
                if (answer instanceof LeanError e) {
                    throw new SessionCacheException("The REPL could not pickle state " + id + " to " + file + ": "
                            + e.message());
                }
                if (!Files.exists(file)) {
                    throw new SessionCacheException("The REPL answered but wrote no pickle " + file);
                }
                if (closed) {
                    throw new IllegalStateException("This PickleSessionCache was closed while the state was pickled");
                }
                // Pickling a proof state answers with a new proof-state id; the cached one stays the original.
                return new PickleSessionState(id, proofState, file, envSessionId);
            } catch (LeanServerException e) {
                deleteQuietly(file, lock);
                throw new SessionCacheException("Could not pickle state " + id + ": " + e.getMessage(), e);
            } catch (SessionCacheException | IllegalStateException e) {
                deleteQuietly(file, lock);
                throw e;
            }
        }
    }

    @Override
    protected Binding restore(PickleSessionState state, LeanServer server, Duration timeout) {
        long deadline = deadlineAfter(timeout);
        Integer env = null;
        if (state.isProofState() && state.envSessionId() != null && contains(state.envSessionId())) {
            try {
                env = resolve(state.envSessionId(), server, timeout).replId();
            } catch (SessionCacheException | NoSuchElementException e) {
                if (!server.isAlive()) {
                    // Restoring the environment killed the REPL: not this proof state's fault, so not a
                    // permanent failure of it. Without the environment it is restored on the next try.
                    throw new SessionCacheException("Could not restore proof state " + state.sessionId()
                            + ": restoring its environment " + state.envSessionId() + " ended the REPL: "
                            + e.getMessage(), e);
                }
                log.warn("[{}] environment {} of proof state {} could not be restored ({}); unpickling without it",
                        server.name(), state.envSessionId(), state.sessionId(), e.getMessage());
            }
        }
        LeanRequest unpickle = state.isProofState()
                ? new UnpickleProofState(state.pickleFile().toString(), env)
                : new UnpickleEnvironment(state.pickleFile().toString());
        // A reload's per-state timeout bounds the wait for the pickle's lock too.
        Duration left = timeLeft(deadline, state.sessionId());
        try (PickleFileLock lock = PickleFileLock.acquire(state.pickleFile(), left != null ? left : lockTimeout)) {
            if (!contains(state.sessionId())) {
                // Removed while we waited for the lock: taking it re-created the lock file remove() deleted.
                deleteLockFileQuietly(lock);
                throw new NoSuchElementException("Cached state " + state.sessionId() + " was removed");
            }
            if (!Files.isRegularFile(state.pickleFile())) {
                // Never send it: the REPL dies on a missing pickle.
                throw new PermanentFailure("The pickle of state " + state.sessionId() + " is missing: "
                        + state.pickleFile(), null);
            }
            if (!server.isAlive()) {
                // Never blame the state for a process that died before it was asked anything.
                throw new SessionCacheException("Could not restore state " + state.sessionId() + ": the REPL of "
                        + server.name() + " is not running");
            }
            LeanResponse answer;
            try {
                answer = ServerAccess.of(server).runInProcess(unpickle, timeLeft(deadline, state.sessionId()));
            } catch (LeanTimeoutException e) {
                throw new SessionCacheException("Unpickling state " + state.sessionId() + " from " + state.pickleFile()
                        + " timed out", e);
            } catch (LeanProcessException e) {
                String message = "The REPL could not unpickle state " + state.sessionId() + " from "
                        + state.pickleFile() + ": " + e.getMessage();
                throw killedTheRepl(e) ? new PermanentFailure(message, e) : new SessionCacheException(message, e);
            } catch (LeanServerException e) {
                throw new SessionCacheException("Could not unpickle state " + state.sessionId() + ": "
                        + e.getMessage(), e);
            }
            if (answer instanceof LeanError e) {
                throw new PermanentFailure("The REPL could not unpickle state " + state.sessionId() + " from "
                        + state.pickleFile() + ": " + e.message(), null);
            }
            return bindingOf(answer);
        }
    }

    /**
     * Restores many states with several unpickle requests under way at once: the REPL answers them in order,
     * so the reload costs about what the REPL takes to unpickle, not a round trip per state. Environments
     * (and proof states without a cached environment) go first; then the proof states that are unpickled onto
     * a restored environment. Pickle locks are held for one batch at a time. When the REPL dies midway, the
     * states answered before are restored, the one it was working on is marked as failed for good when the
     * REPL exited by itself on it, and the rest are left for their first use.
     */
    @Override
    protected void restoreAll(List<PickleSessionState> pending, LeanServer server, Duration timeoutPerState,
            Restoring outcome) {
        List<PickleSessionState> withEnv = new ArrayList<>();
        List<PickleSessionState> first = new ArrayList<>();
        for (PickleSessionState state : pending) {
            boolean onEnv = state.isProofState() && state.envSessionId() != null && contains(state.envSessionId());
            (onEnv ? withEnv : first).add(state);
        }
        if (!restoreInBatches(first, server, timeoutPerState, outcome)) {
            return;
        }
        List<PickleSessionState> onRestoredEnv = new ArrayList<>();
        for (PickleSessionState state : withEnv) {
            if (outcome.binding(state.envSessionId()) != null) {
                onRestoredEnv.add(state);
            } else if (outcome.pending(state)) {
                // Its environment failed: restoring it alone decides, as on first use, whether to go without.
                if (outcome.outOfTime()) {
                    return;
                }
                try {
                    outcome.restored(state, resolve(state.sessionId(), server, outcome.timeLeft(timeoutPerState)));
                } catch (SessionCacheException | NoSuchElementException e) {
                    outcome.failed(state, e);
                    if (!server.isAlive()) {
                        return;
                    }
                }
            }
        }
        restoreInBatches(onRestoredEnv, server, timeoutPerState, outcome);
    }

    /** @return whether the REPL is still alive and there is time left */
    private boolean restoreInBatches(List<PickleSessionState> states, LeanServer server, Duration timeoutPerState,
            Restoring outcome) {
        for (int from = 0; from < states.size(); from += RESTORE_BATCH) {
            if (outcome.outOfTime()) {
                return false;
            }
            if (!restoreBatch(states.subList(from, Math.min(states.size(), from + RESTORE_BATCH)), server,
                    timeoutPerState, outcome)) {
                return false;
            }
        }
        return true;
    }

    private boolean restoreBatch(List<PickleSessionState> candidates, LeanServer server, Duration timeoutPerState,
            Restoring outcome) {
        List<PickleFileLock> locks = new ArrayList<>(candidates.size());
        List<PickleSessionState> batch = new ArrayList<>(candidates.size());
        List<LeanRequest> requests = new ArrayList<>(candidates.size());
        try {
            for (PickleSessionState state : candidates) {
                if (!outcome.pending(state)) {
                    continue;
                }
                PickleFileLock lock;
                try {
                    lock = PickleFileLock.acquire(state.pickleFile(), lockWait(outcome.timeLeft(timeoutPerState)));
                } catch (SessionCacheException e) {
                    outcome.failed(state, e);
                    if (outcome.outOfTime()) {
                        return false;
                    }
                    continue;
                }
                if (!contains(state.sessionId())) {
                    // Removed while we waited: taking the lock re-created the lock file remove() deleted.
                    deleteLockFileQuietly(lock);
                    lock.close();
                    continue;
                }
                if (!Files.isRegularFile(state.pickleFile())) {
                    lock.close();
                    outcome.failed(state, new PermanentFailure("The pickle of state " + state.sessionId()
                            + " is missing: " + state.pickleFile(), null));
                    continue;
                }
                locks.add(lock);
                batch.add(state);
                Integer env = null;
                if (state.isProofState() && state.envSessionId() != null && contains(state.envSessionId())) {
                    env = outcome.binding(state.envSessionId()).replId();
                }
                requests.add(state.isProofState()
                        ? new UnpickleProofState(state.pickleFile().toString(), env)
                        : new UnpickleEnvironment(state.pickleFile().toString()));
            }
            if (requests.isEmpty()) {
                return true;
            }
            if (!server.isAlive()) {
                // Died before this batch: none of its states is to blame.
                return false;
            }
            int[] answered = {0};
            try {
                ServerAccess.of(server).runPipelined(requests, timeoutPerState, outcome.total(), (answer, i) -> {
                    answered[0] = i + 1;
                    PickleSessionState state = batch.get(i);
                    if (answer instanceof LeanError e) {
                        outcome.failed(state, new PermanentFailure("The REPL could not unpickle state "
                                + state.sessionId() + " from " + state.pickleFile() + ": " + e.message(), null));
                    } else {
                        outcome.restored(state, bindingOf(answer));
                    }
                });
                return true;
            } catch (LeanTimeoutException e) {
                PickleSessionState state = batch.get(answered[0]);
                outcome.failed(state, new SessionCacheException("Unpickling state " + state.sessionId() + " from "
                        + state.pickleFile() + " timed out", e));
                return false;
            } catch (LeanProcessException e) {
                PickleSessionState state = batch.get(answered[0]);
                String message = "The REPL could not unpickle state " + state.sessionId() + " from "
                        + state.pickleFile() + ": " + e.getMessage();
                outcome.failed(state, killedTheRepl(e) ? new PermanentFailure(message, e)
                        : new SessionCacheException(message, e));
                return false;
            } catch (LeanServerException e) {
                PickleSessionState state = batch.get(Math.min(answered[0], batch.size() - 1));
                outcome.failed(state, new SessionCacheException("Could not unpickle state " + state.sessionId() + ": "
                        + e.getMessage(), e));
                return false;
            }
        } finally {
            for (PickleFileLock lock : locks) {
                lock.close();
            }
        }
    }

    /**
     * Whether the REPL ended by itself on the request it was working on, so that it will again: it exited
     * (a signal, 128 and up, may have come from outside, a timeout or the out-of-memory killer), and it had
     * answered before (a process that never answered may not have been able to run at all).
     */
    private static boolean killedTheRepl(LeanProcessException e) {
        return e.exitCode() != null && e.exitCode() < 128 && !e.beforeFirstAnswer();
    }

    private Duration lockWait(Duration restoreTimeout) {
        return restoreTimeout != null && restoreTimeout.compareTo(lockTimeout) < 0 ? restoreTimeout : lockTimeout;
    }

    @Override
    protected void discard(PickleSessionState state) {
        try (PickleFileLock lock = PickleFileLock.acquireToDelete(state.pickleFile(), lockTimeout)) {
            LockFile.deleteIfExists(state.pickleFile());
            lock.deleteLockFile();
        } catch (IOException e) {
            throw new SessionCacheException("Could not delete " + state.pickleFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the pickles of many states on a few threads: each deletion is a handful of system calls that
     * wait for nothing but the kernel, under its own file's lock, so they scale with the processors. The
     * calling thread takes a share; the others are started for this call and joined before it returns (each
     * is bounded by the lock timeout per file).
     */
    @Override
    protected Map<Integer, RuntimeException> discardAll(List<PickleSessionState> removed) {
        int threads = Math.min(Math.min(MAX_DISCARD_THREADS, Runtime.getRuntime().availableProcessors()),
                removed.size() / DISCARDS_PER_THREAD);
        if (threads <= 1) {
            return super.discardAll(removed);
        }
        Map<Integer, RuntimeException> failed = new ConcurrentHashMap<>();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        int share = (removed.size() + threads - 1) / threads;
        List<Thread> helpers = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            List<PickleSessionState> part = removed.subList(Math.min(removed.size(), t * share),
                    Math.min(removed.size(), (t + 1) * share));
            Thread helper = new Thread(() -> {
                try {
                    discardEach(part, failed);
                } catch (Throwable e) {
                    unexpected.compareAndSet(null, e);
                }
            }, "lean-interact-clear-" + ownerId.substring(0, 8) + "-" + t);
            helper.setDaemon(true);
            helper.start();
            helpers.add(helper);
        }
        try {
            discardEach(removed.subList(0, Math.min(removed.size(), share)), failed);
        } finally {
            joinAll(helpers);
        }
        Throwable e = unexpected.get();
        if (e instanceof Error error) {
            throw error;
        } else if (e != null) {
            throw new SessionCacheException("Could not delete pickles: " + e, e);
        }
        return failed;
    }

    /** Waits for threads whose work is bounded; an interrupt is kept for the caller, not obeyed half-way. */
    private static void joinAll(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected boolean isLazy() {
        return lazy;
    }

    @Override
    protected boolean isOpen() {
        return !closed;
    }

    /**
     * Deletes the pickles (and their lock files) in this cache's folder whose owner cache is gone: closed, or
     * its process ended without closing it (crashed, killed). A cache is known to be gone when the lock on its
     * owner file can be taken; the files of open caches, in this process or any other that shares the folder,
     * are never touched, and neither are files this class did not name.
     *
     * @return how many files were deleted (pickles, their lock files, owner files)
     * @throws SessionCacheException when the folder cannot be read, or an orphan's lock is held by someone
     *     else beyond the lock timeout
     */
    public int pruneOrphans() {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        Set<String> owners = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path f : files) {
                String owner = ownerOf(f);
                if (owner != null && !owner.equals(ownerId)) {
                    owners.add(owner);
                }
            }
        } catch (IOException e) {
            throw new SessionCacheException("Could not prune " + directory + ": " + e.getMessage(), e);
        }
        int deleted = 0;
        for (String owner : owners) {
            boolean hadOwnerFile = Files.exists(ownerFile(owner));
            Optional<PickleFileLock> gone = PickleFileLock.tryAcquireLockFile(ownerFile(owner));
            if (gone.isEmpty()) {
                continue;
            }
            try (PickleFileLock ownerLockOfGone = gone.get()) {
                deleted += deleteFilesOf(owner);
                if (ownerLockOfGone.deleteLockFile() && hadOwnerFile) {
                    deleted++;
                }
            } catch (IOException e) {
                throw new SessionCacheException("Could not prune " + directory + ": " + e.getMessage(), e);
            }
        }
        if (deleted > 0) {
            log.info("Pruned {} orphaned file(s) from {}", deleted, directory);
        }
        return deleted;
    }

    /** The owner id in the name of one of this class's files, or null for any other file. */
    private static String ownerOf(Path file) {
        String name = file.getFileName().toString();
        Matcher m = PICKLE_FILE.matcher(name);
        if (m.matches()) {
            return m.group(1);
        }
        m = OWNER_FILE.matcher(name);
        return m.matches() ? m.group(1) : null;
    }

    /** Deletes the pickles and pickle lock files of {@code owner}, a cache known to be gone. */
    private int deleteFilesOf(String owner) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, owner + "-*.olean")) {
            for (Path f : files) {
                try (PickleFileLock lock = PickleFileLock.acquire(f, lockTimeout)) {
                    if (Files.deleteIfExists(f)) {
                        deleted++;
                    }
                    if (lock.deleteLockFile()) {
                        deleted++;
                    }
                }
            }
        }
        // Lock files whose pickle is gone (its process died between the two deletions).
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(directory, owner + "-*.olean.lock")) {
            for (Path l : locks) {
                Optional<PickleFileLock> lock = PickleFileLock.tryAcquireLockFile(l);
                if (lock.isPresent()) {
                    try (PickleFileLock held = lock.get()) {
                        if (held.deleteLockFile()) {
                            deleted++;
                        }
                    }
                }
            }
        }
        return deleted;
    }

    /**
     * Removes every state and its files, then releases the owner lock and deletes the owner file (files it
     * could not delete are left to {@link #pruneOrphans()}), and removes the {@code session_cache} folder when
     * this cache created it and nothing else is left in it (files of other caches or processes keep it).
     * Idempotent; the cache cannot store new states afterwards.
     */
    @Override
    public void close() {
        closed = true;
        try {
            clear();
        } finally {
            releaseOwnerLock();
        }
        if (createdDirectory) {
            try {
                // Only an empty folder can be deleted: another cache's files (or one writing now) keep it.
                Files.deleteIfExists(directory);
            } catch (DirectoryNotEmptyException e) {
                log.debug("{} is not empty: kept", directory);
            } catch (IOException e) {
                log.debug("Could not delete {}: {}", directory, e.getMessage());
            }
        }
    }

    /**
     * The cached environment that carries the imports of the proof state {@code request} made, when one is
     * known: the proof state's own parent chain leads back to a cached command.
     */
    private Integer envCarryingImports(LeanServer server, LeanRequest request) {
        Integer env = request.referencedEnv();
        if (env != null) {
            return env < 0 ? (contains(env) ? env : null) : originOfEnv(server, env);
        }
        Integer ps = request.referencedProofState();
        if (ps == null) {
            return null;
        }
        if (ps < 0) {
            return contains(ps) ? get(ps).envSessionId() : null;
        }
        Origin origin = originOfProofState(server, ps);
        if (origin == null) {
            return null;
        }
        try {
            PickleSessionState parent = get(origin.sessionId());
            return parent.isProofState() ? parent.envSessionId() : parent.sessionId();
        } catch (NoSuchElementException removedMeanwhile) {
            return null;
        }
    }

    private static void deleteLockFileQuietly(PickleFileLock lock) {
        try {
            lock.deleteLockFile();
        } catch (IOException e) {
            log.warn("Could not delete a lock file: {}", e.getMessage());
        }
    }

    private static void deleteQuietly(Path file, PickleFileLock lock) {
        try {
            Files.deleteIfExists(file);
            lock.deleteLockFile();
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", file, e.getMessage());
        }
    }
}
