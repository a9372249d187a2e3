package io.github.leaninteract.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A tactic found in submitted code, reported when the command asked for {@code allTactics}.
 *
 * @param pos           where the tactic starts
 * @param endPos        where it ends
 * @param goals         the goals before the tactic, pretty-printed as one string
 * @param tactic        the tactic text
 * @param proofState    the proof state before the tactic, or {@code null}
 * @param usedConstants the constants the tactic uses (empty when none)
 */
public record Tactic(Pos pos, Pos endPos, String goals, String tactic, Integer proofState,
                     List<String> usedConstants) {

    public Tactic {
        Objects.requireNonNull(pos, "pos");
        Objects.requireNonNull(endPos, "endPos");
        Objects.requireNonNull(goals, "goals");
        Objects.requireNonNull(tactic, "tactic");
        usedConstants = usedConstants == null ? List.of() : List.copyOf(usedConstants);
    }
}
