package io.github.leaninteract.server;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.sessioncache.SessionCache;
import io.github.leaninteract.sessioncache.UnknownSessionIdException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The environments of import headers, one session-cache state per distinct header, built on first use and
 * shared by every later check: the engine of {@code check} for {@link AutoLeanServer} and
 * {@link LeanServerPool}. It only uses their public {@code run}: the header is run without environment and
 * cached (a negative session id, which survives restarts), the body runs on that id.
 *
 * <p>Thread-safe: threads checking texts with the same new header build it once; the others wait for it.
 */
final class HeaderEnvironments {

    /** What runs requests: {@code AutoLeanServer.run} or {@code LeanServerPool.run}. */
    @FunctionalInterface
    interface Runner {
        LeanResponse run(LeanRequest request, Duration timeout, boolean addToSessionCache);
    }

    private static final Logger log = LoggerFactory.getLogger(HeaderEnvironments.class);
    /** A header that failed once is built again by the next check, never reused: its answer is no environment. */
    private static final int FAILED = 0;

    private final String owner;
    private final SessionCache cache;
    private final ConcurrentMap<String, CompletableFuture<Integer>> built = new ConcurrentHashMap<>();

    HeaderEnvironments(String owner, SessionCache cache) {
        this.owner = owner;
        this.cache = cache;
    }

    /**
     * Answers {@code command} (no {@code env}) as running it would on a fresh REPL, reusing its header's
     * environment. Ids in the answer are those of the body's run, as {@code run} gives them.
     */
    LeanResponse check(Command command, Duration timeout, Runner runner) {
        return check(command, timeout, runner, false);
    }

    /** {@link #check(Command, Duration, Runner)}, caching the state of the answer when asked to. */
    LeanResponse check(Command command, Duration timeout, Runner runner, boolean addToSessionCache) {
        Objects.requireNonNull(command, "command");
        if (command.env() != null) {
            throw new IllegalArgumentException("check runs a whole file's text, which starts a fresh environment;"
                    + " it cannot take env " + command.env() + " (use run for text on an existing environment)");
        }
        Optional<ImportHeader> split = ImportHeader.split(command.cmd());
        if (split.isEmpty()) {
            return runner.run(command, timeout, addToSessionCache);
        }
        ImportHeader header = split.get();
        Command build = Command.of(header.text()).withSetOptions(command.setOptions());
        // Options change what importing does, so they are part of what the environment is.
        String key = header.key() + (command.setOptions() == null ? "" : "\n" + command.setOptions());
        // One deadline for the whole check: building (or waiting for) the header and running the body.
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            int env = environment(key, build, timeout, deadline, runner);
            if (env == FAILED) {
                // A fresh run of the whole text gives the header's messages and the body's, on whatever
                // environment Lean falls back to: only that run can say what they are.
                return runner.run(command, remaining(timeout, deadline), addToSessionCache);
            }
            try {
                return runner.run(new Command(header.body(), env, command.allTactics(), command.rootGoals(),
                        command.declarations(), command.infotree(), command.incrementality(), command.setOptions()),
                        remaining(timeout, deadline), addToSessionCache);
            } catch (UnknownSessionIdException e) {
                // The state was removed from the cache (clearSessionCache) between lookup and use: build again.
                if (cache.contains(env) || attempt >= 2) {
                    throw e;
                }
                built.remove(key);
            }
        }
    }

    /** The session id of the header's environment, built now when needed, or {@link #FAILED}. */
    private int environment(String key, Command build, Duration timeout, long deadline, Runner runner) {
        while (true) {
            CompletableFuture<Integer> mine = new CompletableFuture<>();
            CompletableFuture<Integer> existing = built.putIfAbsent(key, mine);
            if (existing == null) {
                return buildInto(mine, key, build, remaining(timeout, deadline), runner);
            }
            Integer env = await(existing, timeout, deadline);
            if (env == null) {
                continue; // its builder failed with an exception: this thread tries, with its own timeout
            }
            if (env != FAILED && !cache.contains(env)) {
                built.remove(key, existing); // the cache was cleared since
                continue;
            }
            return env;
        }
    }

    private int buildInto(CompletableFuture<Integer> mine, String key, Command build, Duration timeout, Runner runner) {
        long t0 = System.nanoTime();
        try {
            LeanResponse answer = runner.run(build, timeout, true);
            int env;
            if (answer instanceof CommandResponse c && c.messages().isEmpty()) {
                env = c.env();
                log.info("[{}] import header built in {} ms as session state {}: {}", owner,
                        (System.nanoTime() - t0) / 1_000_000, env, key.replace('\n', ';'));
            } else {
                if (answer instanceof CommandResponse c) {
                    cache.remove(c.env());
                }
                log.debug("[{}] import header not reusable ({}): {}", owner, answer, key.replace('\n', ';'));
                env = FAILED;
                built.remove(key, mine);
            }
            mine.complete(env);
            return env;
        } catch (RuntimeException | Error e) {
            built.remove(key, mine);
            mine.complete(null);
            throw e;
        }
    }

    /** What is left of the check's timeout (at least a nanosecond, so that it still means "a timeout"). */
    private static Duration remaining(Duration timeout, long deadline) {
        return timeout == null ? null : Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    /** Waits, within the check's own deadline, for the header another thread builds. */
    private static Integer await(CompletableFuture<Integer> future, Duration timeout, long deadline) {
        try {
            if (timeout == null) {
                return future.get();
            }
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new LeanTimeoutException("The import header was still being built by another request after "
                    + timeout + "; no REPL was killed for this request, and the build goes on for later checks",
                    timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeanServerException("Interrupted while another thread built an import header", e);
        } catch (ExecutionException | CompletionException e) {
            return null;
        }
    }
}
