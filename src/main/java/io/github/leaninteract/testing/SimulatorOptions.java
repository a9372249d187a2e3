package io.github.leaninteract.testing;

import java.nio.file.Path;
import java.util.List;

/** The command-line options of {@link ReplSimulator}; see its class Javadoc for their meaning. */
record SimulatorOptions(Path recordFile, boolean failOnStart, boolean noBlankLine, long startupDelayMs,
        long unpickleDelayMs) {

    static final String USAGE =
            "usage: ReplSimulator [--record FILE] [--fail-on-start] [--no-blank-line] [--startup-delay MS]"
                    + " [--unpickle-delay MS]";

    static SimulatorOptions parse(List<String> args) {
        Path record = null;
        boolean failOnStart = false;
        boolean noBlankLine = false;
        long delay = 0;
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
                    delay = millis(arg, valueAfter(args, i++));
                    break;
                case "--unpickle-delay":
                    unpickleDelay = millis(arg, valueAfter(args, i++));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new SimulatorOptions(record, failOnStart, noBlankLine, delay, unpickleDelay);
    }

    private static long millis(String option, String ms) {
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
