package io.github.leaninteract.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanError;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanJsonException;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.sessioncache.SessionCacheException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Lean REPL's own protocol, served over any pair of streams, on top of an {@link AutoLeanServer}: a
 * REPL that does not lose its states. Clients in any language that speak to the REPL binary can speak to
 * this instead (the {@code repl} command of the jar serves it on stdin/stdout).
 *
 * <pre>{@code
 * try (AutoLeanServer server = new AutoLeanServer(config)) {
 *     new ReplProxy(server, Duration.ofSeconds(60)).serve(System.in, System.out);
 * }
 * }</pre>
 *
 * <p><b>Protocol.</b> As the REPL's (see {@code PROTOCOL.md}): a query is the lines up to one that is
 * blank, right-trimmed and joined; a query starting with {@code #} or {@code --} is a comment and gets no
 * answer, and so does an empty one (where the REPL would die). Each answer is one line of JSON followed by
 * one blank line, flushed at once.
 *
 * <p><b>Ids.</b> Every {@code env} and {@code proofState} id in an answer, those of sorries and of
 * {@code allTactics} entries included, is a non-negative id of the proxy's own, counted from 0 per kind,
 * mapped to a session-cache state: it stays valid across REPL crashes, timeouts and restarts for memory. A
 * {@link io.github.leaninteract.sessioncache.ReplaySessionCache} restores the proof states of sorries and tactics by replaying the command that
 * opened them; with another cache the proxy caches a {@code skip} step on each (the same goals), one request
 * per such proof state. Only a proof state that could not be cached so (its {@code skip} failed) lives as long
 * as the REPL process that made it, and afterwards naming it answers {@code "Unknown proof state."} with a
 * reason, before anything is sent. Pickling and unpickling pass through
 * with ids translated. A command without {@code env} that starts with imports is run as
 * {@link AutoLeanServer#check(Command, Duration)} runs it: its import header is built once and reused.
 *
 * <p><b>Failures.</b> An unknown id, text that is not JSON, a request of no known shape, a request that
 * crashes the REPL or exceeds the timeout, a state that cannot be restored: each gets an answer
 * {@code {"message": "..."}} (the REPL's error shape) and the proxy goes on; the next request runs on a
 * new REPL process. Only a failure of the streams themselves ends {@link #serve}.
 *
 * <p><b>Thread safety.</b> One client at a time: {@link #handle} and {@link #serve} are synchronized. The
 * proxy must be the only user of its server (it reads the server's process generation to know which REPL
 * ids are still valid); it does not close the server.
 */
public final class ReplProxy {

    private static final Logger log = LoggerFactory.getLogger(ReplProxy.class);
    static final String UNKNOWN_ENV = "Unknown environment.";
    static final String UNKNOWN_PROOF_STATE = "Unknown proof state.";

    private final AutoLeanServer server;
    private final Duration timeout;
    private final HeaderEnvironments headers;
    /** Proxy env id → session id. */
    private final List<Integer> envs = new ArrayList<>();
    /** Proxy proof-state id → where the state is. */
    private final List<ProofStateRef> proofStates = new ArrayList<>();

    /** A proof state: a session-cache state, or a REPL id valid only in one process of the server. */
    private record ProofStateRef(int sessionId, int replId, long generation) {
        static ProofStateRef cached(int sessionId) {
            return new ProofStateRef(sessionId, -1, -1);
        }

        static ProofStateRef processBound(int replId, long generation) {
            return new ProofStateRef(0, replId, generation);
        }

        boolean isCached() {
            return sessionId < 0;
        }
    }

    /** A request that names an id the proxy cannot use; answered with the REPL's own message. */
    private static final class UnknownId extends RuntimeException {
        UnknownId(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A proxy in front of {@code server}.
     *
     * @param timeout how long each request may take the REPL, or {@code null} for no limit; a request past
     *     it kills the REPL and is answered with a message
     */
    public ReplProxy(AutoLeanServer server, Duration timeout) {
        this.server = Objects.requireNonNull(server, "server");
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive or null (no limit), was " + timeout);
        }
        this.timeout = timeout;
        this.headers = new HeaderEnvironments(server.name() + "-proxy", server.sessionCache());
    }

    /**
     * Serves queries read from {@code in} and writes their answers to {@code out} until the end of input.
     * Closes neither stream.
     *
     * @throws UncheckedIOException when reading or writing fails
     */
    public synchronized void serve(InputStream in, OutputStream out) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        try {
            StringBuilder query = new StringBuilder();
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    query.append(line.stripTrailing());
                    continue;
                }
                answer(query.toString(), out);
                query.setLength(0);
            }
            answer(query.toString(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("The proxy's client streams failed", e);
        }
    }

    private void answer(String query, OutputStream out) throws IOException {
        String answer = handle(query);
        if (answer != null) {
            out.write((answer + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /**
     * Answers one query (the JSON text of one request).
     *
     * @return the answer as one line of JSON, or {@code null} for a comment or an empty query
     */
    public synchronized String handle(String query) {
        String text = query.strip();
        if (text.isEmpty() || text.startsWith("#") || text.startsWith("--")) {
            return null;
        }
        JsonNode json;
        try {
            json = LeanJson.readTree(text);
        } catch (LeanJsonException e) {
            return error("Could not parse JSON:\n" + e.getMessage());
        }
        LeanRequest request;
        try {
            request = LeanJson.readRequest(json);
        } catch (IllegalArgumentException e) {
            return error("Could not parse as a valid JSON command:\n" + e.getMessage());
        }
        try {
            return LeanJson.writeTree(dispatch(request));
        } catch (UnknownId e) {
            return error(e.getMessage());
        } catch (LeanTimeoutException e) {
            return error("The REPL did not answer within " + timeout + " and was stopped; the next request runs on"
                    + " a new one, where every id answered so far stays valid. (" + e.getMessage() + ")");
        } catch (LeanServerException e) {
            log.warn("[{}] request failed: {}", server.name(), e.getMessage());
            return error("The REPL failed on this request; the next request runs on a new one, where every id"
                    + " answered so far stays valid. (" + e.getMessage() + ")");
        } catch (SessionCacheException e) {
            return error("A state this request needs could not be restored: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return error(e.getMessage());
        }
    }

    private ObjectNode dispatch(LeanRequest request) {
        Integer env = request.referencedEnv();
        Integer ps = request.referencedProofState();
        ProofStateRef psRef = ps == null ? null : proofStateRef(ps);
        Integer envSession = env == null ? null : envSession(env);
        if (psRef != null && !psRef.isCached()) {
            return processBound(request, psRef, envSession);
        }
        LeanRequest sent = request.withReferencedIds(e -> envSession, p -> psRef.sessionId());
        if (request instanceof PickleEnvironment) {
            LeanResponse answer = server.run(sent, timeout, false);
            ObjectNode tree = LeanJson.toTree(answer);
            if (answer instanceof CommandResponse) {
                tree.put("env", env); // the REPL answers the id it pickled
            }
            return tree;
        }
        long before = server.processGeneration();
        LeanResponse answer = sent instanceof Command c && c.env() == null
                ? headers.check(c, timeout, server::run, true)
                : server.run(sent, timeout, true);
        long generation = server.processGeneration();
        if (generation != before) {
            log.debug("[{}] the REPL was restarted before this request", server.name());
        }
        return withProxyIds(answer, generation);
    }

    /** A request naming a proof state that only one process has: sent only to that very process. */
    private ObjectNode processBound(LeanRequest request, ProofStateRef psRef, Integer envSession) {
        return server.withExclusiveAccess(() -> {
            long generation = server.processGeneration();
            if (!server.isAlive() || generation != psRef.generation()) {
                throw new UnknownId(UNKNOWN_PROOF_STATE + " (a proof state that could not be cached lives only as"
                        + " long as the REPL process that made it, which has been replaced since)");
            }
            LeanRequest sent = request.withReferencedIds(e -> envSession, p -> psRef.replId());
            LeanResponse answer = server.run(sent, timeout, false);
            if (answer instanceof ProofStepResponse p) {
                // Made from a state no cache can restore, so just as bound to this process.
                ObjectNode tree = LeanJson.toTree(answer);
                tree.put("proofState", newProofState(ProofStateRef.processBound(p.proofState(), generation)));
                proxySorries(tree, p.sorries().stream().map(s -> s.proofState()).toList(), generation);
                return tree;
            }
            return withProxyIds(answer, generation);
        });
    }

    /** The answer with the proxy's ids in place of session and REPL ids. */
    private ObjectNode withProxyIds(LeanResponse answer, long generation) {
        ObjectNode tree = LeanJson.toTree(answer);
        if (answer instanceof CommandResponse c) {
            envs.add(c.env());
            tree.put("env", envs.size() - 1);
            proxySorries(tree, c.sorries().stream().map(s -> s.proofState()).toList(), generation);
            proxyOpened(tree.get("tactics"), c.tactics().stream().map(t -> t.proofState()).toList(), generation);
        } else if (answer instanceof ProofStepResponse p) {
            tree.put("proofState", newProofState(ProofStateRef.cached(p.proofState())));
            proxySorries(tree, p.sorries().stream().map(s -> s.proofState()).toList(), generation);
        }
        return tree;
    }

    private void proxySorries(ObjectNode tree, List<Integer> ids, long generation) {
        proxyOpened(tree.get("sorries"), ids, generation);
    }

    /**
     * Gives the proof state of each entry of {@code entries} (sorries or tactics of an answer; {@code ids} are
     * the server's ids of them, in order) a proxy id. A session id (negative: the cache restores it with the
     * answer that opened it) is used as it is; any other id is of process {@code generation} only, so a
     * {@code skip} on it, cached, stands for it: the same goals, restorable.
     */
    private void proxyOpened(JsonNode entries, List<Integer> ids, long generation) {
        if (!(entries instanceof ArrayNode list)) {
            return;
        }
        server.withExclusiveAccess(() -> {
            boolean sameProcess = server.isAlive() && server.processGeneration() == generation;
            for (int i = 0; i < list.size() && i < ids.size(); i++) {
                Integer id = ids.get(i);
                if (id == null) {
                    continue;
                }
                ProofStateRef ref = id < 0 ? ProofStateRef.cached(id)
                        : sameProcess ? cacheBySkip(id, generation)
                        : ProofStateRef.processBound(id, generation); // stale at once: refused when named
                ((ObjectNode) list.get(i)).put("proofState", newProofState(ref));
            }
            return null;
        });
    }

    private ProofStateRef cacheBySkip(int id, long generation) {
        try {
            LeanResponse skip = server.run(new ProofStep(id, "skip"), timeout, true);
            if (skip instanceof ProofStepResponse p) {
                return ProofStateRef.cached(p.proofState());
            }
            log.warn("[{}] could not cache proof state {}: {}", server.name(), id, skip);
        } catch (SessionCacheException e) {
            log.warn("[{}] could not cache proof state {}: {}", server.name(), id, e.getMessage());
        }
        return ProofStateRef.processBound(id, generation);
    }

    private int newProofState(ProofStateRef ref) {
        proofStates.add(ref);
        return proofStates.size() - 1;
    }

    private int envSession(int proxyId) {
        if (proxyId < 0 || proxyId >= envs.size() || !server.sessionCache().contains(envs.get(proxyId))) {
            throw new UnknownId(UNKNOWN_ENV);
        }
        return envs.get(proxyId);
    }

    private ProofStateRef proofStateRef(int proxyId) {
        if (proxyId < 0 || proxyId >= proofStates.size()) {
            throw new UnknownId(UNKNOWN_PROOF_STATE);
        }
        ProofStateRef ref = proofStates.get(proxyId);
        if (ref.isCached() && !server.sessionCache().contains(ref.sessionId())) {
            throw new UnknownId(UNKNOWN_PROOF_STATE);
        }
        return ref;
    }

    private static String error(String message) {
        ObjectNode tree = LeanJson.mapper().createObjectNode();
        tree.put("message", message);
        return LeanJson.writeTree(tree);
    }
}
