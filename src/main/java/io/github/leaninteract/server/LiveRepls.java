package io.github.leaninteract.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every REPL process this JVM runs, and the shutdown hook that kills them all when the JVM exits normally or
 * on SIGTERM, so that no REPL (busy in a long elaboration, and so deaf to the end of its input) outlives the
 * JVM. The hook is registered when the first REPL starts and removed when none runs any more, the approach of
 * Commons Exec's {@code ShutdownHookProcessDestroyer}. SIGKILL runs no hook: see {@link ReplLauncher} for that.
 *
 * <p>Thread-safe.
 */
final class LiveRepls {

    private static final Logger log = LoggerFactory.getLogger(LiveRepls.class);
    /** How long the hook waits for the processes it killed; the JVM's exit waits for the hook. */
    private static final long HOOK_WAIT_MILLIS = 2000;

    private static final Map<Process, String> LIVE = new LinkedHashMap<>();
    private static Thread hook;

    private LiveRepls() {}

    /**
     * Tracks {@code process} until it exits or {@link #remove} is called.
     *
     * @throws IllegalStateException when the JVM is already shutting down (the caller must kill the process:
     *     nothing would kill it later)
     */
    static void add(Process process, String name) {
        synchronized (LiveRepls.class) {
            if (hook == null) {
                Thread h = new Thread(LiveRepls::killAll, "lean-interact-shutdown");
                // Throws IllegalStateException once shutdown has begun: then this REPL must not start.
                Runtime.getRuntime().addShutdownHook(h);
                hook = h;
            }
            LIVE.put(process, name);
        }
        // A process that ends by itself needs no killing; forgetting it also lets the hook go.
        process.onExit().thenRun(() -> remove(process));
    }

    /** Stops tracking {@code process}; removes the hook when no REPL is left. Idempotent. */
    static void remove(Process process) {
        synchronized (LiveRepls.class) {
            if (LIVE.remove(process) == null || !LIVE.isEmpty() || hook == null) {
                return;
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs (or has run) already; it kills whatever is left.
            }
            hook = null;
        }
    }

    /** How many REPL processes are tracked; for tests. */
    static int count() {
        synchronized (LiveRepls.class) {
            return LIVE.size();
        }
    }

    /** Whether the shutdown hook is registered; for tests. */
    static boolean hookRegistered() {
        synchronized (LiveRepls.class) {
            return hook != null;
        }
    }

    /** The shutdown hook: kills every tracked process tree, descendants first, and waits a little for them. */
    private static void killAll() {
        Map<Process, String> live;
        synchronized (LiveRepls.class) {
            live = new LinkedHashMap<>(LIVE);
        }
        List<ProcessHandle> killed = new ArrayList<>();
        live.forEach((process, name) -> {
            List<ProcessHandle> tree = new ArrayList<>(descendants(process));
            tree.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            // Children forked while the first ones were being killed.
            descendants(process).forEach(ProcessHandle::destroyForcibly);
            tree.add(process.toHandle());
            killed.addAll(tree);
            log.info("[{}] JVM shutting down: killed REPL process {} and {} descendant(s)", name, process.pid(),
                    tree.size() - 1);
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOOK_WAIT_MILLIS);
        for (ProcessHandle h : killed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // SIGKILL is delivered regardless of whether we see the exit; nothing more to do.
            }
        }
    }

    private static List<ProcessHandle> descendants(Process process) {
        try {
            return process.descendants().toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
