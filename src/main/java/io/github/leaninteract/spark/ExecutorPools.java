package io.github.leaninteract.spark;

import io.github.leaninteract.server.LeanServerPool;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REPLs of this JVM (a Spark executor, or the driver in local mode): one {@link LeanServerPool} per
 * distinct REPL choice, number of REPLs and memory settings of {@link CheckSettings} (the timeout goes with
 * each check, so settings that differ only in it share a pool), created by the first task that needs it,
 * shared by every later task, and closed when the JVM ends (a shutdown hook), so that each executor builds
 * each import header once.
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

    // Keyed by what decides the REPL processes, not the timeout (passed with each check): a job that only
    // changes its timeout must not start a second set of REPLs beside the first.
    private static final ConcurrentMap<CheckSettings, CompletableFuture<Checker>> CHECKERS = new ConcurrentHashMap<>();
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static volatile boolean hookAdded;

    private ExecutorPools() {
    }

    /** The key of the pool that serves {@code settings}: the settings with the timeout left out. */
    private static CheckSettings keyOf(CheckSettings settings) {
        return settings.withTimeout(CheckSettings.DEFAULT_TIMEOUT);
    }

    /**
     * The checker for {@code settings}, started now if this JVM has none. A task that finds another task
     * starting it waits for that start, interruptibly (so that Spark can kill the task).
     *
     * @throws RuntimeException when the REPLs cannot be started (as {@code LeanServerPool.build} throws it),
     *     or the wait was interrupted
     */
    static Checker get(CheckSettings settings) {
        CheckSettings key = keyOf(settings);
        CompletableFuture<Checker> existing = CHECKERS.get(key);
        if (existing == null) {
            addShutdownHook();
            CompletableFuture<Checker> mine = new CompletableFuture<>();
            existing = CHECKERS.putIfAbsent(key, mine);
            if (existing == null) {
                try {
                    Checker checker = start(key);
                    mine.complete(checker);
                    if (CHECKERS.get(key) != mine) {
                        // closeAll ran while the REPLs started: they must not outlive it.
                        checker.close();
                    }
                } catch (RuntimeException | Error e) {
                    CHECKERS.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                }
                return mine.join();
            }
        }
        try {
            return existing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while another task started the Lean REPLs of this executor",
                    e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("The Lean REPLs of this executor could not be started", e.getCause());
        }
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

    /**
     * Closes every pool of this JVM (its REPL processes end); a later {@link #get} starts a new one. A pool
     * still starting is closed by its starter as soon as it is up.
     */
    static void closeAll() {
        for (CheckSettings key : List.copyOf(CHECKERS.keySet())) {
            CompletableFuture<Checker> c = CHECKERS.remove(key);
            if (c != null && c.isDone() && !c.isCompletedExceptionally()) {
                try {
                    c.join().close();
                } catch (RuntimeException e) {
                    log.warn("Closing a pool of Lean REPLs failed", e);
                }
            }
        }
    }

    /** How many pools this JVM holds now. */
    static int size() {
        return CHECKERS.size();
    }
}
