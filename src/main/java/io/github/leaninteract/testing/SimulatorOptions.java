package io.github.leaninteract.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The command-line options of {@link ReplSimulator}; see its class Javadoc for their meaning. */
record SimulatorOptions(Path recordFile, boolean failOnStart, boolean noBlankLine, long startupDelayMs,
                        long importCostMs, Set<String> moduleRoots, List<SimulatorFault> faults, Path faultState,
                        long unpickleDelayMs) {

    static final String USAGE = "usage: ReplSimulator [--record FILE] [--fail-on-start] [--no-blank-line]"
            + " [--startup-delay MS] [--import-cost-ms MS] [--module-roots ROOT,ROOT...]"
            + " [--fault SPEC]... [--fault-state FILE] [--unpickle-delay MS]";

    /** The packages whose modules the simulated search path has, unless {@code --module-roots} adds more. */
    static final Set<String> DEFAULT_MODULE_ROOTS = Set.of("Init", "Std", "Lean", "Lake", "Mathlib", "Batteries",
            "Aesop", "Qq", "ProofWidgets", "Plausible", "ImportGraph", "LeanSearchClient");

    SimulatorOptions {
        moduleRoots = Set.copyOf(moduleRoots);
        faults = List.copyOf(faults);
    }

    static SimulatorOptions parse(List<String> args) {
        Path record = null;
        boolean failOnStart = false;
        boolean noBlankLine = false;
        long delay = 0;
        long importCost = 0;
        Set<String> roots = new LinkedHashSet<>(DEFAULT_MODULE_ROOTS);
        List<SimulatorFault> faults = new ArrayList<>();
        Path faultState = null;
        long unpickleDelay = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--record":
                    record = Path.of(valueAfter(args, i++));
                    break;
                case "--fail-on-start":
                    failOnStart = true;
                    break;
                case "--no-blank-line":
                    noBlankLine = true;
                    break;
                case "--startup-delay":
                    delay = milliseconds(arg, valueAfter(args, i++));
                    break;
                case "--import-cost-ms":
                    importCost = milliseconds(arg, valueAfter(args, i++));
                    break;
                case "--module-roots":
                    for (String root : valueAfter(args, i++).split(",")) {
                        if (!root.isBlank()) {
                            roots.add(root.strip());
                        }
                    }
                    break;
                case "--unpickle-delay":
                    unpickleDelay = milliseconds(arg, valueAfter(args, i++));
                    break;
                case "--fault":
                    faults.add(SimulatorFault.parse(valueAfter(args, i++)));
                    break;
                case "--fault-state":
                    faultState = Path.of(valueAfter(args, i++));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new SimulatorOptions(record, failOnStart, noBlankLine, delay, importCost, roots, faults, faultState,
                unpickleDelay);
    }

    private static long milliseconds(String option, String ms) {
        long value;
        try {
            value = Long.parseLong(ms);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 0) {
            throw new IllegalArgumentException(option + " needs a non-negative number of ms, was " + ms);
        }
        return value;
    }

    private static String valueAfter(List<String> args, int i) {
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(args.get(i) + " needs a value");
        }
        return args.get(i + 1);
    }
}
