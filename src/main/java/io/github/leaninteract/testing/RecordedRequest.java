package io.github.leaninteract.testing;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.FileCommand;
import io.github.leaninteract.protocol.LeanRequest;
import io.github.leaninteract.protocol.PickleEnvironment;
import io.github.leaninteract.protocol.PickleProofState;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.protocol.UnpickleProofState;

import java.util.Objects;

/**
 * One request a {@link ReplSimulator} received, as {@link RecordedRequests} hands it out: its text, and
 * the request read from it with {@link io.github.leaninteract.protocol.LeanJson#readRequest(String)} or,
 * when that failed, why. A request that does not decode is kept as data, not thrown: it is often what a
 * test wants to see.
 *
 * <p>Immutable and thread-safe.
 *
 * @param sequence where it came among the recorded requests, from 1
 * @param text     the request as received: the joined JSON text, without the blank line that ended it
 * @param request  the decoded request, or null when it did not decode
 * @param failure  why it did not decode, or null when it did
 */
public record RecordedRequest(int sequence, String text, LeanRequest request, String failure) {

    /** Checks that exactly one of {@code request} and {@code failure} is given. */
    public RecordedRequest {
        Objects.requireNonNull(text, "text");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence numbers start at 1, was " + sequence);
        }
        if ((request == null) == (failure == null)) {
            throw new IllegalArgumentException("a recorded request has either a decoded request or a failure");
        }
    }

    /** Whether the text decoded as a {@link LeanRequest}. */
    public boolean isDecoded() {
        return request != null;
    }

    /**
     * The Lean text or file the request is about, the text a {@link SimulatorFault} pattern is searched in:
     * the {@code cmd} of a command, the {@code tactic} of a proof step, the {@code path} of a file command,
     * the file of a pickle or unpickle request; the whole {@link #text()} when it did not decode.
     */
    public String leanText() {
        if (request instanceof Command c) {
            return c.cmd();
        } else if (request instanceof ProofStep p) {
            return p.tactic();
        } else if (request instanceof FileCommand f) {
            return f.path();
        } else if (request instanceof PickleEnvironment p) {
            return p.pickleTo();
        } else if (request instanceof PickleProofState p) {
            return p.pickleTo();
        } else if (request instanceof UnpickleEnvironment u) {
            return u.unpickleEnvFrom();
        } else if (request instanceof UnpickleProofState u) {
            return u.unpickleProofStateFrom();
        }
        return text;
    }
}
