package io.github.leaninteract.sessioncache;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A state of a {@link PickleSessionCache}: the REPL pickled it to {@code pickleFile}.
 *
 * @param sessionId its negative session id
 * @param isProofState whether it is a proof state
 * @param pickleFile the {@code .olean} file holding it
 * @param envSessionId for a proof state, a cached environment known to carry its imports, onto which it
 *     is unpickled (faster than re-importing); {@code null} when none is known
 */
public record PickleSessionState(int sessionId, boolean isProofState, Path pickleFile, Integer envSessionId)
        implements SessionState {

    public PickleSessionState {
        Objects.requireNonNull(pickleFile, "pickleFile");
        if (sessionId >= 0) {
            throw new IllegalArgumentException("Session ids are negative, was " + sessionId);
        }
    }
}
