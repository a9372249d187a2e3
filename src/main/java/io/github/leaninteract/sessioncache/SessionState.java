package io.github.leaninteract.sessioncache;

/**
 * One environment or proof state kept by a {@link SessionCache} under a negative session id. Immutable: the
 * REPL ids that a state has in each server's process are the cache's bookkeeping, not part of the state.
 */
public interface SessionState {

    /** The negative id under which the cache keeps this state. */
    int sessionId();

    /** Whether this is a proof state (otherwise an environment). */
    boolean isProofState();
}
