package io.github.leaninteract.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What the library logs while a test runs: slf4j-simple, the binding on the test class path, writes each line to
 * whatever {@code System.err} is at that moment, so this swaps {@code System.err} for a copy that keeps every
 * line (and still prints it). A line is complete when the logging call returns.
 *
 * <pre>{@code
 * try (CapturedLog log = CapturedLog.start()) {
 *     ...
 *     String line = log.line("WARN", server.name(), "timed out");
 * }
 * }</pre>
 *
 * <p>Thread-safe. Tests in this project run one at a time, so the swap does not mix tests.
 */
public final class CapturedLog implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private CapturedLog() {
        original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (captured) {
                    captured.write(b, off, len);
                }
                original.write(b, off, len);
            }

            @Override
            public void flush() {
                original.flush();
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts capturing; {@link #close()} restores {@code System.err}. */
    public static CapturedLog start() {
        return new CapturedLog();
    }

    /** Every line logged so far. */
    public List<String> lines() {
        synchronized (captured) {
            return List.of(captured.toString(StandardCharsets.UTF_8).split("\n"));
        }
    }

    /** The first line that contains every one of {@code parts}; fails the test, showing all lines, when none does. */
    public String line(String... parts) {
        List<String> lines = lines();
        return lines.stream().filter(l -> Arrays.stream(parts).allMatch(l::contains)).findFirst()
                .orElseGet(() -> fail("No log line contains all of " + Arrays.toString(parts) + "; logged:\n"
                        + String.join("\n", lines)));
    }

    /** Whether some line contains every one of {@code parts}. */
    public boolean has(String... parts) {
        return lines().stream().anyMatch(l -> Arrays.stream(parts).allMatch(l::contains));
    }

    @Override
    public void close() {
        System.setErr(original);
    }
}
