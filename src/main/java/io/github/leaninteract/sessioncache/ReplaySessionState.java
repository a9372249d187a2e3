package io.github.leaninteract.sessioncache;

import io.github.leaninteract.protocol.LeanRequest;
import java.util.Objects;

/**
 * A state of a {@link ReplaySessionCache}: restored by sending {@code request} again.
 *
 * <p>The ids the request names are replaced when it is replayed: the environment by the restored
 * {@code envParent}; the proof state by the restored {@code proofStateParent}, or, when
 * {@code sorryIndex >= 0}, by the proof state of that sorry in the restored parent's answer.
 *
 * @param sessionId its negative session id
 * @param isProofState whether it is a proof state
 * @param request a copy of the request that made it
 * @param envParent the session id of the environment it was made in, or {@code null} for none
 * @param proofStateParent the session id of the state its proof state came from, or {@code null} for none
 * @param sorryIndex which sorry of {@code proofStateParent}'s answer opened the proof state, or -1 when
 *     the proof state is {@code proofStateParent} itself
 */
public record ReplaySessionState(int sessionId, boolean isProofState, LeanRequest request, Integer envParent,
        Integer proofStateParent, int sorryIndex) implements SessionState {

    public ReplaySessionState {
        Objects.requireNonNull(request, "request");
        if (sessionId >= 0) {
            throw new IllegalArgumentException("Session ids are negative, was " + sessionId);
        }
    }
}
