package io.github.leaninteract.testing;

import java.util.List;

/**
 * A simulated proof state: open goals, the environment it was created in, and whether the proof
 * built so far used {@code sorry} (or was patched after an error, as Lean does with {@code sorryAx}).
 */
record ProofState(List<Goal> goals, SimEnvironment environment, boolean containsSorry) {

    ProofState {
        goals = List.copyOf(goals);
    }

    /** The REPL's {@code proofStatus} for this state. */
    String status() {
        if (!goals.isEmpty()) {
            return "Incomplete: open goals remain";
        }
        return containsSorry ? "Incomplete: contains sorry" : "Completed";
    }
}
