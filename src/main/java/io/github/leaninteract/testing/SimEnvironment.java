package io.github.leaninteract.testing;

import java.util.ArrayList;
import java.util.List;

/** The content of a simulated environment: its imports and its declarations, in order. Immutable. */
record SimEnvironment(List<String> imports, List<Constant> constants) {

    static final SimEnvironment EMPTY = new SimEnvironment(List.of(), List.of());

    SimEnvironment {
        imports = List.copyOf(imports);
        constants = List.copyOf(constants);
    }

    Constant find(String name) {
        for (Constant c : constants) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    SimEnvironment withImport(String module) {
        List<String> more = new ArrayList<>(imports);
        more.add(module);
        return new SimEnvironment(more, constants);
    }

    SimEnvironment withConstant(Constant constant) {
        List<Constant> more = new ArrayList<>(constants);
        more.add(constant);
        return new SimEnvironment(imports, more);
    }
}
