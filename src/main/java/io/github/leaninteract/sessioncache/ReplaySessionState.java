package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.LeanRequest;

/**
 * A state of a {@link ReplaySessionCache}: restored by sending {@code request} again.
 *
 * <p>The ids the request names are replaced when it is replayed: the environment by the restored
 * {@code envParent}; the proof state by the restored {@code proofStateParent}, or, when
 * {@code sorryIndex >= 0}, by the proof state of that sorry in the restored parent's answer.
 *
 * @param sessionId its negative session id
 * @param isProofState whether it is a proof state
 * <p>The proof state of a sorry of a cached answer is a state of its own without a request
 * ({@link #ofSorry}): it is restored by restoring its parent and taking the proof state of that sorry.
 *
 * @param request a copy of the request that made it, or {@code null} for the proof state of a sorry
 * @param envParent the session id of the environment it was made in, or {@code null} for none
 * @param proofStateParent the session id of the state its proof state came from, or {@code null} for none
 * @param sorryIndex which sorry of {@code proofStateParent}'s answer opened the proof state, or -1 when
 *     the proof state is {@code proofStateParent} itself
 */
public record ReplaySessionState(int sessionId, boolean isProofState, LeanRequest request, Integer envParent,
        Integer proofStateParent, int sorryIndex) implements SessionState {

    public ReplaySessionState {
        if (request == null && !(isProofState && proofStateParent != null && sorryIndex >= 0)) {
            throw new NullPointerException("request (only the proof state of a sorry has none)");
        }
        if (sessionId >= 0) {
            throw new IllegalArgumentException("Session ids are negative, was " + sessionId);
        }
    }

    /** The proof state of sorry {@code sorryIndex} in the answer of cached state {@code parent}. */
    public static ReplaySessionState ofSorry(int sessionId, int parent, int sorryIndex) {
        if (sorryIndex < 0) {
            throw new IllegalArgumentException("sorryIndex must be >= 0, was " + sorryIndex);
        }
        return new ReplaySessionState(sessionId, true, null, null, parent, sorryIndex);
    }

    /** Whether this is the proof state of a sorry of its parent's answer, made by no request of its own. */
    public boolean isSorry() {
        return request == null;
    }
}
