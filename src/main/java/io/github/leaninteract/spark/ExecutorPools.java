package io.github.leaninteract.spark;

import io.github.leaninteract.server.LeanServerPool;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REPLs of this JVM (a Spark executor, or the driver in local mode): one {@link LeanServerPool} per
 * distinct {@link CheckSettings}, created by the first task that needs it, shared by every later task, and
 * closed when the JVM ends (a shutdown hook), so that each executor builds each import header once.
 *
 * <p>Thread-safe: tasks running at once on one executor get the same pool, started once.
 */
final class ExecutorPools {

    private static final Logger log = LoggerFactory.getLogger(ExecutorPools.class);

    /** A pool and the threads that feed it, so that one task keeps every REPL of the pool busy. */
    record Checker(LeanServerPool pool, ExecutorService workers) {
        void close() {
            workers.shutdownNow();
            pool.close();
            try {
                // The workers only wait on the pool, which has just failed everything under way.
                if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("[{}] check threads did not end within 30 s of closing the pool", pool);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final ConcurrentMap<CheckSettings, Checker> CHECKERS = new ConcurrentHashMap<>();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static volatile boolean hookAdded;

    private ExecutorPools() {
    }

    /**
     * The checker for {@code settings}, started now if this JVM has none.
     *
     * @throws RuntimeException when the REPLs cannot be started (as {@code LeanServerPool.build} throws it)
     */
    static Checker get(CheckSettings settings) {
        Checker existing = CHECKERS.get(settings);
        if (existing != null) {
            return existing;
        }
        addShutdownHook();
        // computeIfAbsent holds the entry while the REPLs start: concurrent tasks wait for this pool, not start theirs.
        return CHECKERS.computeIfAbsent(settings, ExecutorPools::start);
    }

    private static Checker start(CheckSettings settings) {
        LeanServerPool pool = LeanServerPool.builder(settings.toConfig()).size(settings.serversPerExecutor())
                .serverOptions(b -> b.maxTotalMemory(settings.maxTotalMemory())).build();
        ExecutorService workers = Executors.newFixedThreadPool(settings.serversPerExecutor(), r -> {
            Thread t = new Thread(r, "lean-check-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        log.info("Started {} Lean REPL(s) for Spark checks with {}", settings.serversPerExecutor(), settings);
        return new Checker(pool, workers);
    }

    private static synchronized void addShutdownHook() {
        if (!hookAdded) {
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorPools::closeAll, "lean-check-shutdown"));
            hookAdded = true;
        }
    }

    /** Closes every pool of this JVM (its REPL processes end); a later {@link #get} starts a new one. */
    static void closeAll() {
        List<Checker> closing = new ArrayList<>();
        for (CheckSettings key : List.copyOf(CHECKERS.keySet())) {
            Checker c = CHECKERS.remove(key);
            if (c != null) {
                closing.add(c);
            }
        }
        for (Checker c : closing) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("Closing a pool of Lean REPLs failed", e);
            }
        }
    }

    /** How many pools this JVM holds now. */
    static int size() {
        return CHECKERS.size();
    }
}
