package io.github.leaninteract.server;

import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The service interface through which a {@link io.github.leaninteract.sessioncache.SessionCache} drives a
 * server: raw REPL ids of the current process, the process generation those ids belong to, and the exclusive
 * access that keeps both from changing while a state is stored or restored. It is for cache implementations,
 * not for application code: an application runs requests with {@link LeanServer#run(LeanRequest, Duration)}
 * (or {@link AutoLeanServer}'s methods), whose ids stay meaningful across restarts where the server promises
 * it, whereas the ids seen here are meaningless as soon as the process changes.
 *
 * <pre>{@code
 * ServerAccess access = ServerAccess.of(server);
 * access.withExclusiveAccess(() -> {
 *     long generation = access.processGeneration();   // the process the ids below belong to
 *     LeanResponse answer = access.runInProcess(new UnpickleEnvironment(file), timeout);
 *     record(answer, generation);                      // its env is an id of that process only
 *     return null;
 * });
 * }</pre>
 *
 * <p><b>Thread safety.</b> Thread-safe, and stateless beyond the server it wraps: {@link #of} may be called
 * for every use. The contract it relies on:
 * <ul>
 * <li>{@link #withExclusiveAccess} holds the server's lock: no other thread's request is sent, and no other
 *     thread replaces the REPL process, until the action returns. It is re-entrant. Inside it an
 *     {@link AutoLeanServer} neither checks memory nor restarts: a crash surfaces as an exception, and the
 *     next call made outside such a block restarts the REPL.</li>
 * <li>{@link #processGeneration} changes whenever a new REPL process starts; REPL ids recorded under one
 *     value are meaningless under another. Read it and use the ids inside one exclusive-access block, so the
 *     process cannot change in between.</li>
 * <li>{@link #runInProcess} and {@link #runPipelined} send the requests as they are: their ids and the ids
 *     of the answers are the current process's own REPL ids; negative (session) ids are refused with
 *     {@link IllegalArgumentException} before anything is sent.</li>
 * </ul>
 */
public final class ServerAccess {

    private final LeanServer server;

    private ServerAccess(LeanServer server) {
        this.server = server;
    }

    /**
     * The access to {@code server}'s process for a session cache.
     *
     * @throws NullPointerException when {@code server} is null
     */
    public static ServerAccess of(LeanServer server) {
        return new ServerAccess(Objects.requireNonNull(server, "server"));
    }

    /** The server this access drives. */
    public LeanServer server() {
        return server;
    }

    /**
     * Runs {@code action} while holding the server's exclusive access: no request of another thread is sent in
     * between, and the REPL process is not replaced by another thread. Re-entrant: {@code action} may call the
     * other methods of this type and the server's {@code run} methods. Inside the block the REPL process is
     * never replaced: an {@link AutoLeanServer} does its health checks and restarts only on calls made outside
     * such a block, so a crash inside it surfaces as an exception, and the next call after the block restarts
     * the REPL.
     *
     * @throws LeanServerException when the calling thread is interrupted while waiting for the access
     */
    public <T> T withExclusiveAccess(Supplier<T> action) {
        Objects.requireNonNull(action, "action");
        return server.withExclusiveAccess(action);
    }

    /**
     * Counts the processes the server has started: it changes whenever a new REPL process starts, so REPL ids
     * recorded under one value are meaningless under another.
     */
    public long processGeneration() {
        return server.processGeneration();
    }

    /**
     * Sends one request to the current REPL process as it is: its ids are that process's own REPL ids, and so
     * are the ids of the answer. Nothing is translated and nothing restarted, also on an
     * {@link AutoLeanServer}. This is how session caches store and restore states; call it inside
     * {@link #withExclusiveAccess}, so that the process cannot change between reading an id and using it. On
     * a plain {@code LeanServer} it is {@link LeanServer#run(LeanRequest, Duration)}.
     *
     * @param timeout how long the REPL may take to answer, or {@code null} for no limit
     * @throws IllegalArgumentException when the request names a negative id
     * @throws LeanTimeoutException when no answer came in time (the process was killed)
     * @throws LeanProcessException when the process is not running or died
     * @throws LeanProtocolException when the process wrote something that is not an answer
     * @throws IllegalStateException when the server is closed
     */
    public LeanResponse runInProcess(LeanRequest request, Duration timeout) {
        return server.runInProcess(request, timeout);
    }

    /**
     * Sends several requests one after the other, without waiting for each answer before writing the next
     * (the REPL reads its input in order), and hands every answer to {@code onAnswer} with the request's
     * index, in order. Costs about what the REPL takes to answer them, rather than one round trip each. A
     * bounded number of requests is unanswered at any time, so that neither side blocks on a full pipe. Like
     * {@link #runInProcess}, the requests' ids are the current process's own REPL ids; an
     * {@link AutoLeanServer} first does the health checks of its {@code run} (within {@code total}) when
     * called outside an exclusive-access block.
     *
     * <p>When the process dies or a deadline passes midway, the answers that came before were handed over,
     * and the exception says what happened to the rest: none of them has an answer.
     *
     * @param timeoutPerRequest how long the REPL may work on one request, or {@code null} for no limit
     * @param total how long all of it may take, or {@code null} for no limit
     * @param onAnswer receives each answer and its index; it should not throw (if it does, the process is
     *     killed, since answers nobody reads are still on their way, and the exception propagates)
     * @throws IllegalArgumentException when a request names a negative id
     * @throws LeanTimeoutException when an answer did not come in time (the process was killed)
     * @throws LeanProcessException when the process is not running or died
     * @throws LeanProtocolException when the process wrote something that is not an answer
     * @throws IllegalStateException when the server is closed
     */
    public void runPipelined(List<? extends LeanRequest> requests, Duration timeoutPerRequest, Duration total,
            ObjIntConsumer<LeanResponse> onAnswer) {
        server.runPipelined(requests, timeoutPerRequest, total, onAnswer);
    }

    @Override
    public String toString() {
        return "ServerAccess[" + server.name() + "]";
    }
}
