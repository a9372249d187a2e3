package io.github.leaninteract.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A fault the {@link ReplSimulator} injects, given as a value when it starts rather than in the Lean
 * text of a request: what happens ({@link Action}), to which requests ({@link Trigger}), and whether at
 * most once. Give faults to {@link ReplSimulator#builder()}; a request that no fault selects gets its
 * normal answer.
 *
 * <pre>{@code
 * SimulatorFault.crashOnRequest(3, 7);            // the 3rd request: exit code 7, no answer
 * SimulatorFault.hangOn("^decide");               // every tactic or command starting with decide: no answer ever
 * SimulatorFault.garbageOnce();                   // the first request: lines that are not JSON
 * SimulatorFault.sleepOn(2, Duration.ofMillis(500));
 * SimulatorFault.of(Action.stderrFlood(1_000_000), Trigger.anyRequest(), false);
 * }</pre>
 *
 * <p><b>Counting.</b> Requests are counted from 1 over every process started from one
 * {@link ScriptedSimulator}'s command, in the order they arrive, so that a REPL restarted by
 * {@code AutoLeanServer} goes on counting where its predecessor stopped and a fault that fired
 * {@linkplain #once() once} does not fire again in it. Every request the simulator reads counts: also the
 * probe an {@code AutoLeanServer} sends first to each REPL it restarts ({@code AutoLeanServer.PROBE}, a
 * {@code skip} step on a proof state no process has), the ones a session cache replays after a restart,
 * and ones that do not parse; comments (queries starting with {@code #} or {@code --}) do not.
 *
 * <p><b>Text a {@link Matching} pattern is searched in</b> ({@link java.util.regex.Matcher#find()}):
 * the {@code cmd} of a command, the {@code tactic} of a proof step, the {@code path} of a file command,
 * the file of a pickle or unpickle request, and the raw text of a request that is not a JSON object.
 *
 * <p><b>Several faults</b> selecting one request act in the order given: a sleep or a stderr flood and then
 * the next one, until one that ends the request (crash, hang, garbage, out of memory, empty answer) or the
 * normal answer.
 *
 * <p>On the simulator's command line a fault is the option {@code --fault SPEC} ({@link #spec()},
 * {@link #parse(String)}): {@code [once:]ACTION@TRIGGER} with ACTION one of {@code crash=CODE},
 * {@code hang}, {@code sleep=MS}, {@code stderr=BYTES}, {@code garbage}, {@code oom}, {@code empty}, and
 * TRIGGER one of {@code request=N}, {@code any}, {@code matching=REGEX}; for example
 * {@code crash=7@request=3} or {@code once:garbage@any}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param action  what the simulator does
 * @param trigger which requests it does it to
 * @param once    whether it acts at most once (else on every request the trigger selects)
 */
public record SimulatorFault(Action action, Trigger trigger, boolean once) {

    /** Checks that no part is missing. */
    public SimulatorFault {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(trigger, "trigger");
    }

    /** A fault made of an action and a trigger. */
    public static SimulatorFault of(Action action, Trigger trigger, boolean once) {
        return new SimulatorFault(action, trigger, once);
    }

    /** The {@code n}-th request (from 1) makes the process exit with {@code exitCode}, unanswered. */
    public static SimulatorFault crashOnRequest(int n, int exitCode) {
        return of(Action.crash(exitCode), Trigger.onRequest(n), false);
    }

    /** Every request whose text matches {@code tacticOrCommand} makes the process exit with {@code exitCode}. */
    public static SimulatorFault crashOn(String tacticOrCommand, int exitCode) {
        return of(Action.crash(exitCode), Trigger.matching(tacticOrCommand), false);
    }

    /** Every request whose text matches the regular expression {@code tacticOrCommand} is never answered. */
    public static SimulatorFault hangOn(String tacticOrCommand) {
        return of(Action.hang(), Trigger.matching(tacticOrCommand), false);
    }

    /**
     * Every request whose text matches {@code tacticOrCommand} is never answered.
     *
     * @throws IllegalArgumentException if the pattern has flags: write them inline, such as {@code (?i)}
     */
    public static SimulatorFault hangOn(Pattern tacticOrCommand) {
        return of(Action.hang(), Trigger.matching(tacticOrCommand), false);
    }

    /** The {@code n}-th request is never answered. */
    public static SimulatorFault hangOnRequest(int n) {
        return of(Action.hang(), Trigger.onRequest(n), false);
    }

    /** The first request gets lines that are not JSON instead of an answer; later requests are answered. */
    public static SimulatorFault garbageOnce() {
        return of(Action.garbage(), Trigger.anyRequest(), true);
    }

    /** The {@code n}-th request gets lines that are not JSON instead of an answer. */
    public static SimulatorFault garbageOnRequest(int n) {
        return of(Action.garbage(), Trigger.onRequest(n), false);
    }

    /** The {@code n}-th request is answered normally, after {@code delay}. */
    public static SimulatorFault sleepOn(int n, Duration delay) {
        return of(Action.sleep(delay), Trigger.onRequest(n), false);
    }

    /** Every request whose text matches {@code tacticOrCommand} is answered normally, after {@code delay}. */
    public static SimulatorFault sleepOn(String tacticOrCommand, Duration delay) {
        return of(Action.sleep(delay), Trigger.matching(tacticOrCommand), false);
    }

    /** Before answering every request, the simulator writes {@code bytes} bytes of text to stderr. */
    public static SimulatorFault stderrFlood(long bytes) {
        return of(Action.stderrFlood(bytes), Trigger.anyRequest(), false);
    }

    /** Before answering the {@code n}-th request, the simulator writes {@code bytes} bytes of text to stderr. */
    public static SimulatorFault stderrFloodOnRequest(int n, long bytes) {
        return of(Action.stderrFlood(bytes), Trigger.onRequest(n), false);
    }

    /** The {@code n}-th request ends the process as Lean running out of memory: a panic on stderr, exit 134. */
    public static SimulatorFault outOfMemoryOnRequest(int n) {
        return of(Action.outOfMemory(), Trigger.onRequest(n), false);
    }

    /** The {@code n}-th request ends the process with exit code 0 and no answer: what a client sees as an empty answer. */
    public static SimulatorFault emptyAnswerOnRequest(int n) {
        return of(Action.emptyAnswer(), Trigger.onRequest(n), false);
    }

    /** This fault acting at most once. */
    public SimulatorFault withOnce(boolean once) {
        return new SimulatorFault(action, trigger, once);
    }

    /** The command-line form of this fault, the value of a {@code --fault} option; {@link #parse} reads it back. */
    public String spec() {
        return (once ? "once:" : "") + action.spec() + "@" + trigger.spec();
    }

    /**
     * Reads the command-line form of a fault (see the class comment).
     *
     * @throws IllegalArgumentException naming the part that is not understood
     */
    public static SimulatorFault parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        String rest = spec;
        boolean once = rest.startsWith("once:");
        if (once) {
            rest = rest.substring("once:".length());
        }
        int at = rest.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("a fault is [once:]ACTION@TRIGGER, such as crash=7@request=3, was " + spec);
        }
        return new SimulatorFault(Action.parse(rest.substring(0, at)), Trigger.parse(rest.substring(at + 1)), once);
    }

    @Override
    public String toString() {
        return spec();
    }

    /** What the simulator does to a request a trigger selects. Immutable. */
    public sealed interface Action {

        /** The command-line form of this action (before the {@code @} of a fault's spec). */
        String spec();

        /**
         * Exit with {@code exitCode} (0 to 255), with a message on stderr and no answer.
         *
         * @throws IllegalArgumentException if the code is outside 0 to 255
         */
        static Action crash(int exitCode) {
            return new Crash(exitCode);
        }

        /** Never answer, and keep running. */
        static Action hang() {
            return new Hang();
        }

        /**
         * Answer normally after {@code delay}.
         *
         * @throws IllegalArgumentException if the delay is negative
         */
        static Action sleep(Duration delay) {
            return new Sleep(delay);
        }

        /**
         * Write {@code bytes} bytes of text lines to stderr, then go on.
         *
         * @throws IllegalArgumentException if bytes is negative
         */
        static Action stderrFlood(long bytes) {
            return new StderrFlood(bytes);
        }

        /** Write lines that are not JSON, then a blank line, in place of the answer. */
        static Action garbage() {
            return new Garbage();
        }

        /** End as Lean does out of memory: {@code INTERNAL PANIC: out of memory} on stderr, exit 134. */
        static Action outOfMemory() {
            return new OutOfMemory();
        }

        /** End with exit code 0 and no answer. */
        static Action emptyAnswer() {
            return new EmptyAnswer();
        }

        /** Reads {@link #spec()}. */
        private static Action parse(String spec) {
            int eq = spec.indexOf('=');
            String name = eq < 0 ? spec : spec.substring(0, eq);
            String value = eq < 0 ? null : spec.substring(eq + 1);
            switch (name) {
                case "crash":
                    return new Crash((int) number(spec, value, 255));
                case "sleep":
                    return new Sleep(Duration.ofMillis(number(spec, value, Long.MAX_VALUE)));
                case "stderr":
                    return new StderrFlood(number(spec, value, Long.MAX_VALUE));
                case "hang":
                case "garbage":
                case "oom":
                case "empty":
                    if (value != null) {
                        throw new IllegalArgumentException("the fault action " + name + " takes no value, was " + spec);
                    }
                    return switch (name) {
                        case "hang" -> new Hang();
                        case "garbage" -> new Garbage();
                        case "oom" -> new OutOfMemory();
                        default -> new EmptyAnswer();
                    };
                default:
                    throw new IllegalArgumentException("unknown fault action " + spec
                            + "; known: crash=CODE, hang, sleep=MS, stderr=BYTES, garbage, oom, empty");
            }
        }
    }

    /**
     * Exit with a code, with a message on stderr and no answer.
     *
     * @param exitCode from 0 to 255
     */
    public record Crash(int exitCode) implements Action {
        /** Checks the code. */
        public Crash {
            if (exitCode < 0 || exitCode > 255) {
                throw new IllegalArgumentException("an exit code is from 0 to 255, was " + exitCode);
            }
        }

        @Override
        public String spec() {
            return "crash=" + exitCode;
        }
    }

    /** Never answer, and keep running until killed. */
    public record Hang() implements Action {
        @Override
        public String spec() {
            return "hang";
        }
    }

    /**
     * Answer normally after a delay.
     *
     * @param delay not negative; kept to the millisecond
     */
    public record Sleep(Duration delay) implements Action {
        /** Checks the delay. */
        public Sleep {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("a sleep must not be negative, was " + delay);
            }
        }

        @Override
        public String spec() {
            return "sleep=" + delay.toMillis();
        }
    }

    /**
     * Write text lines to stderr, then go on.
     *
     * @param bytes how many bytes, not negative
     */
    public record StderrFlood(long bytes) implements Action {
        /** Checks the size. */
        public StderrFlood {
            if (bytes < 0) {
                throw new IllegalArgumentException("a stderr flood needs a non-negative number of bytes, was " + bytes);
            }
        }

        @Override
        public String spec() {
            return "stderr=" + bytes;
        }
    }

    /** Write lines that are not JSON, then a blank line, in place of the answer. */
    public record Garbage() implements Action {
        @Override
        public String spec() {
            return "garbage";
        }
    }

    /** End as Lean does out of memory: a panic on stderr, exit 134, no answer. */
    public record OutOfMemory() implements Action {
        @Override
        public String spec() {
            return "oom";
        }
    }

    /** End with exit code 0 and no answer. */
    public record EmptyAnswer() implements Action {
        @Override
        public String spec() {
            return "empty";
        }
    }

    /** Which requests a fault acts on. Immutable. */
    public sealed interface Trigger {

        /** The command-line form of this trigger (after the {@code @} of a fault's spec). */
        String spec();

        /**
         * The {@code n}-th request, counting from 1.
         *
         * @throws IllegalArgumentException if n is less than 1
         */
        static Trigger onRequest(int n) {
            return new OnRequest(n);
        }

        /**
         * Every request whose text (see {@link SimulatorFault}) contains a match of {@code regex}.
         *
         * @throws IllegalArgumentException if it is not a regular expression
         */
        static Trigger matching(String regex) {
            return new Matching(regex);
        }

        /**
         * Every request whose text contains a match of {@code pattern}.
         *
         * @throws IllegalArgumentException if the pattern has flags: write them inline, such as {@code (?i)}
         */
        static Trigger matching(Pattern pattern) {
            // Inline flags survive as text; flags given to Pattern.compile would be lost on the command line.
            if (pattern.flags() != Pattern.compile(pattern.pattern()).flags()) {
                throw new IllegalArgumentException("give the flags of " + pattern
                        + " inline, such as (?i), so that they reach the simulator process");
            }
            return new Matching(pattern.pattern());
        }

        /** Every request. */
        static Trigger anyRequest() {
            return new AnyRequest();
        }

        /** Reads {@link #spec()}. */
        private static Trigger parse(String spec) {
            if (spec.equals("any")) {
                return new AnyRequest();
            }
            if (spec.startsWith("request=")) {
                return new OnRequest((int) number(spec, spec.substring("request=".length()), Integer.MAX_VALUE));
            }
            if (spec.startsWith("matching=")) {
                return new Matching(spec.substring("matching=".length()));
            }
            throw new IllegalArgumentException("unknown fault trigger " + spec + "; known: request=N, any, matching=REGEX");
        }
    }

    /**
     * The {@code n}-th request, counting from 1.
     *
     * @param n at least 1
     */
    public record OnRequest(int n) implements Trigger {
        /** Checks n. */
        public OnRequest {
            if (n < 1) {
                throw new IllegalArgumentException("requests are counted from 1, was " + n);
            }
        }

        @Override
        public String spec() {
            return "request=" + n;
        }
    }

    /**
     * Every request whose text contains a match of a regular expression.
     *
     * @param regex a {@link Pattern} without flags (give them inline)
     */
    public record Matching(String regex) implements Trigger {
        /** Checks that the expression compiles. */
        public Matching {
            Objects.requireNonNull(regex, "regex");
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("not a regular expression: " + regex + " (" + e.getDescription() + ")", e);
            }
        }

        /** The compiled expression. */
        public Pattern pattern() {
            return Pattern.compile(regex);
        }

        @Override
        public String spec() {
            return "matching=" + regex;
        }
    }

    /** Every request. */
    public record AnyRequest() implements Trigger {
        @Override
        public String spec() {
            return "any";
        }
    }

    private static long number(String spec, String value, long max) {
        long n;
        try {
            n = value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("a number from 0 to " + max + " is needed in the fault part " + spec);
        }
        return n;
    }
}
