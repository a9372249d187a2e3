package io.github.leaninteract.testing;

import java.util.Set;

/**
 * The simulated search path: which modules {@code import} finds (those under a known root package), and
 * what importing one costs ({@code --import-cost-ms}), so that clients reusing import headers can be
 * measured against clients that import every time. Immutable.
 */
record ModulePath(Set<String> roots, long importCostMs) {

    /** Every default root, importing at no cost. */
    static final ModulePath DEFAULT = new ModulePath(SimulatorOptions.DEFAULT_MODULE_ROOTS, 0);

    ModulePath {
        roots = Set.copyOf(roots);
    }

    /** Whether {@code module} is on the path: its first component is a known root. */
    boolean has(String module) {
        int dot = module.indexOf('.');
        return roots.contains(dot < 0 ? module : module.substring(0, dot));
    }

    /** The REPL's message for a module that is not on the path. */
    static String unknownModule(String module) {
        int dot = module.indexOf('.');
        String root = dot < 0 ? module : module.substring(0, dot);
        return "unknown module prefix '" + root + "'\n\nNo directory '" + root + "' or file '" + root
                + ".olean' in the search path entries:\n(ReplSimulator: the simulated search path has "
                + "the packages given by --module-roots)";
    }

    /** Pays the cost of loading one module; the simulated REPL does nothing else meanwhile, as Lean. */
    void load(String module) {
        if (importCostMs <= 0) {
            return;
        }
        try {
            Thread.sleep(importCostMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing " + module, e);
        }
    }
}
