package io.github.leaninteract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress display, on a clock the test moves. */
class SetupProgressTest {

    final AtomicLong clock = new AtomicLong(1_000);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private void advanceSeconds(long s) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(s));
    }

    @Test
    void eachStepIsALineWithTheElapsedTime() {
        SetupProgress progress = new SetupProgress(out, false, clock::get);
        advanceSeconds(75);

        progress.step("Building the Lean REPL in /x");

        assertEquals("[1:15] Building the Lean REPL in /x\n", printed());
    }

    @Test
    void offATerminalATickIsAPlainLineWithTheLatestToolLine() {
        SetupProgress progress = new SetupProgress(out, false, clock::get);
        progress.outputLine("lake", "✔ [12/400] Built Mathlib.Logic");
        progress.outputLine("lake", "✔ [13/400] Built Mathlib.Order");
        advanceSeconds(10);

        progress.tick();

        assertEquals("[0:10] still working; latest: lake: ✔ [13/400] Built Mathlib.Order\n", printed());
    }

    @Test
    void offATerminalTheSameToolLineIsNotRepeated() {
        SetupProgress progress = new SetupProgress(out, false, clock::get);
        progress.outputLine("lake", "compiling");
        progress.tick();
        advanceSeconds(3700);

        progress.tick();

        assertTrue(printed().endsWith("\n[1:01:40] still working\n"), printed());
    }

    @Test
    void onATerminalTheStatusIsOneLineRewrittenInPlace() {
        SetupProgress progress = new SetupProgress(out, true, clock::get);
        progress.outputLine("lake", "a long line of build output");
        advanceSeconds(1);
        progress.tick();
        progress.outputLine("lake", "short");
        advanceSeconds(1);

        progress.tick();

        String status1 = "[0:01] lake: a long line of build output";
        String status2 = "[0:02] lake: short";
        assertEquals("\r" + status1 + "\r" + status2 + " ".repeat(status1.length() - status2.length()), printed());
        assertTrue(!printed().contains("\n"));
    }

    @Test
    void onATerminalAStepClearsTheStatusLineFirst() {
        SetupProgress progress = new SetupProgress(out, true, clock::get);
        progress.outputLine("git", "x");
        progress.tick();

        progress.step("Next");

        String status = "[0:00] git: x";
        assertEquals("\r" + status + "\r" + " ".repeat(status.length()) + "\r[0:00] Next\n", printed());
    }

    @Test
    void onATerminalALongStatusIsCutToTheWidth() {
        SetupProgress progress = new SetupProgress(out, true, clock::get);
        progress.outputLine("lake", "x".repeat(500));

        progress.tick();

        assertEquals(1 + 100, printed().length());
    }
}
