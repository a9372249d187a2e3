package io.github.leaninteract.testing;

import java.util.List;

/**
 * A declaration in a simulated environment.
 *
 * @param kind {@code def}, {@code theorem} (lemmas too) or {@code axiom}
 * @param value the value's source text for a {@code def}, the proof's text otherwise
 * @param usesSorry whether its value or proof used {@code sorry} (then {@code #eval} refuses it)
 */
record Constant(String kind, String name, List<Binder> binders, String type, String value, boolean usesSorry) {

    Constant {
        binders = List.copyOf(binders);
    }

    /** {@code #check} style: {@code demo (a b : Nat) : a + b = b + a}. */
    String signature() {
        StringBuilder sb = new StringBuilder(name);
        for (Binder binder : binders) {
            sb.append(' ').append(binder.render());
        }
        return sb.append(" : ").append(type).toString();
    }
}
