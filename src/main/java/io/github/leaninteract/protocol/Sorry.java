package io.github.leaninteract.protocol;

import java.util.Objects;

/**
 * A {@code sorry} found in submitted code, with the goal it stands for.
 *
 * @param pos        where it starts, or {@code null} when unknown (the REPL omits line-0 positions)
 * @param endPos     where it ends, or {@code null} when unknown
 * @param goal       the goal at the sorry, pretty-printed
 * @param proofState the proof state at the sorry, usable with {@link ProofStep}, or {@code null}
 */
public record Sorry(Pos pos, Pos endPos, String goal, Integer proofState) {

    public Sorry {
        Objects.requireNonNull(goal, "goal");
    }
}
