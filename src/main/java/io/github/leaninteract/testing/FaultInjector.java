package io.github.leaninteract.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code #sim} directives, the simulator's fault-injection language (documented on
 * {@link ReplSimulator}). Each non-blank line of the command is one directive, run in order.
 */
final class FaultInjector {

    static final String PREFIX = "#sim";

    private static final int CHUNK = 1 << 20;

    /** Off-heap memory taken by {@code #sim alloc}, kept reachable so that it is never freed. */
    private final List<ByteBuffer> held = new ArrayList<>();
    private final PrintStream stderr;
    private final Writer stdout;

    FaultInjector(PrintStream stderr, Writer stdout) {
        this.stderr = stderr;
        this.stdout = stdout;
    }

    static boolean isDirective(String cmd) {
        return cmd.startsWith(PREFIX) && (cmd.length() == PREFIX.length() || Character.isWhitespace(cmd.charAt(4)));
    }

    /**
     * Runs the directives of {@code cmd}, reporting into {@code out}.
     *
     * @return false when a directive already wrote what stands for the answer ({@code garbage})
     * @throws ReplExit for directives that end the process
     */
    boolean run(String cmd, ElabOutput out) throws IOException {
        int lineStart = 0;
        boolean answer = true;
        while (lineStart <= cmd.length()) {
            int lineEnd = cmd.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = cmd.length();
            }
            String line = cmd.substring(lineStart, lineEnd).trim();
            if (!line.isEmpty()) {
                answer &= directive(line, lineStart, out);
            }
            lineStart = lineEnd + 1;
        }
        return answer;
    }

    private boolean directive(String line, int at, ElabOutput out) throws IOException {
        String[] words = line.split("\\s+");
        String verb = words.length > 1 && words[0].equals(PREFIX) ? words[1] : "";
        Long arg = null;
        if (words.length > 2) {
            try {
                arg = Long.parseLong(words[2]);
            } catch (NumberFormatException e) {
                arg = -1L;
            }
        }
        switch (verb) {
            case "hang":
                hang();
                return false;
            case "wait-for": {
                String file = line.substring(line.indexOf(verb) + verb.length()).strip();
                if (file.isEmpty()) {
                    out.error(at, at + line.length(), "`" + line + "` needs a file");
                } else {
                    waitFor(java.nio.file.Path.of(file));
                }
                return true;
            }
            case "sleep":
                if (needs(arg, line, at, out)) {
                    sleep(arg);
                }
                return true;
            case "crash":
                throw new ReplExit(arg == null ? 1 : (int) (long) arg, "ReplSimulator: simulated crash (" + line + ")");
            case "abort":
                throw outOfMemory();
            case "exit":
                throw new ReplExit(0, "");
            case "stderr":
                if (needs(arg, line, at, out)) {
                    noise(arg);
                }
                return true;
            case "alloc":
                if (needs(arg, line, at, out)) {
                    alloc(arg);
                    out.message("info", at, at + PREFIX.length(), "allocated " + arg + " MiB off-heap ("
                            + held.size() + " MiB held in total)");
                }
                return true;
            case "huge":
                if (needs(arg, line, at, out)) {
                    out.message("info", at, at + PREFIX.length(), huge((int) Math.min(arg, Integer.MAX_VALUE - 16)));
                }
                return true;
            case "spawn":
                out.message("info", at, at + PREFIX.length(), "spawned pid " + spawn());
                return true;
            case "garbage":
                writeGarbage();
                return false;
            default:
                out.error(at, at + line.length(), "unknown #sim directive `" + line
                        + "`; known: hang, wait-for FILE, sleep MS, crash [CODE], abort, exit, stderr BYTES, "
                        + "alloc MB, huge BYTES, "
                        + "spawn, garbage");
                return true;
        }
    }

    /**
     * Does what the faults given at start ({@code --fault}) ask for one request, in order.
     *
     * @return false when a fault already wrote what stands for the answer ({@code garbage})
     * @throws ReplExit for faults that end the process
     */
    boolean apply(List<SimulatorFault> faults) throws IOException {
        for (SimulatorFault fault : faults) {
            SimulatorFault.Action action = fault.action();
            if (action instanceof SimulatorFault.Crash c) {
                throw new ReplExit(c.exitCode(), "ReplSimulator: simulated crash (--fault " + fault.spec() + ")");
            } else if (action instanceof SimulatorFault.Hang) {
                hang();
            } else if (action instanceof SimulatorFault.Sleep s) {
                sleep(s.delay().toMillis());
            } else if (action instanceof SimulatorFault.StderrFlood f) {
                noise(f.bytes());
            } else if (action instanceof SimulatorFault.Garbage) {
                writeGarbage();
                return false;
            } else if (action instanceof SimulatorFault.OutOfMemory) {
                throw outOfMemory();
            } else if (action instanceof SimulatorFault.EmptyAnswer) {
                throw new ReplExit(0, "");
            }
        }
        return true;
    }

    private void writeGarbage() throws IOException {
        stdout.write("ReplSimulator garbage: this is not JSON\n<<< not a response >>>\n\n");
        stdout.flush();
    }

    private static boolean needs(Long arg, String line, int at, ElabOutput out) {
        if (arg == null || arg < 0) {
            out.error(at, at + line.length(), "`" + line + "` needs a non-negative number");
            return false;
        }
        return true;
    }

    static ReplExit outOfMemory() {
        return new ReplExit(134, "INTERNAL PANIC: out of memory");
    }

    private static void hang() {
        while (true) {
            sleep(60_000);
        }
    }

    /** Returns once {@code file} exists: a gate the test opens by creating it. */
    private static void waitFor(java.nio.file.Path file) {
        while (!java.nio.file.Files.exists(file)) {
            sleep(2);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void noise(long bytes) {
        String line = "ReplSimulator: simulated stderr output, as Lean prints for panics and traces ......\n";
        byte[] chunk = line.repeat(64).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long left = bytes;
        while (left > 0) {
            int n = (int) Math.min(left, chunk.length);
            stderr.write(chunk, 0, n);
            left -= n;
        }
        stderr.flush();
    }

    private void alloc(long mib) {
        try {
            for (long i = 0; i < mib; i++) {
                // allocateDirect zero-fills, so every page is touched and the resident size really grows.
                held.add(ByteBuffer.allocateDirect(CHUNK));
            }
        } catch (OutOfMemoryError e) {
            held.clear();
            throw outOfMemory();
        }
    }

    private static String huge(int length) {
        StringBuilder sb = new StringBuilder(length);
        String pattern = "abcdefghijklmnopqrstuvwxyz";
        while (sb.length() < length) {
            sb.append(pattern, 0, Math.min(pattern.length(), length - sb.length()));
        }
        return sb.toString();
    }

    private static long spawn() throws IOException {
        // Not inheriting our stdout: a surviving child must not keep the protocol pipe open.
        Process child = new ProcessBuilder("sleep", "3600")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        return child.pid();
    }
}
