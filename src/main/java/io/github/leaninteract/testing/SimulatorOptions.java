package io.github.leaninteract.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command-line options of {@link ReplSimulator}; see its class Javadoc for their meaning. */
record SimulatorOptions(Path recordFile, boolean failOnStart, boolean noBlankLine, long startupDelayMs,
                        List<SimulatorFault> faults, Path faultState) {

    static final String USAGE =
            "usage: ReplSimulator [--record FILE] [--fail-on-start] [--no-blank-line] [--startup-delay MS]"
            + " [--fault SPEC]... [--fault-state FILE]";

    static SimulatorOptions parse(List<String> args) {
        Path record = null;
        boolean failOnStart = false;
        boolean noBlankLine = false;
        long delay = 0;
        List<SimulatorFault> faults = new ArrayList<>();
        Path faultState = null;
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
                    String ms = valueAfter(args, i++);
                    try {
                        delay = Long.parseLong(ms);
                    } catch (NumberFormatException e) {
                        delay = -1;
                    }
                    if (delay < 0) {
                        throw new IllegalArgumentException("--startup-delay needs a non-negative number of ms, was " + ms);
                    }
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
        return new SimulatorOptions(record, failOnStart, noBlankLine, delay, List.copyOf(faults), faultState);
    }

    private static String valueAfter(List<String> args, int i) {
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(args.get(i) + " needs a value");
        }
        return args.get(i + 1);
    }
}
