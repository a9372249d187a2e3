package io.github.leaninteract.testing;

import java.util.ArrayList;
import java.util.List;

/** A simulated goal: hypotheses and a target, both kept as normalised Lean text. */
record Goal(List<Hypothesis> hypotheses, String target) {

    Goal {
        hypotheses = List.copyOf(hypotheses);
    }

    Goal withHypothesis(Hypothesis hypothesis) {
        List<Hypothesis> more = new ArrayList<>(hypotheses);
        more.add(hypothesis);
        return new Goal(more, target);
    }

    Goal withTarget(String newTarget) {
        return new Goal(hypotheses, newTarget);
    }

    /** The hypothesis named {@code name}, the latest one when shadowed, or null. */
    Hypothesis hypothesis(String name) {
        for (int i = hypotheses.size() - 1; i >= 0; i--) {
            if (hypotheses.get(i).name().equals(name)) {
                return hypotheses.get(i);
            }
        }
        return null;
    }

    /** Lean's rendering: consecutive hypotheses of one type share a line ({@code x y : Nat}). */
    String render() {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < hypotheses.size()) {
            Hypothesis h = hypotheses.get(i);
            sb.append(h.name());
            int j = i + 1;
            while (j < hypotheses.size() && hypotheses.get(j).type().equals(h.type())) {
                sb.append(' ').append(hypotheses.get(j).name());
                j++;
            }
            sb.append(" : ").append(h.type()).append('\n');
            i = j;
        }
        return sb.append("⊢ ").append(target).toString();
    }
}
