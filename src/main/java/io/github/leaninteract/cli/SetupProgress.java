package io.github.leaninteract.cli;

import io.github.leaninteract.config.SetupListener;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Shows a long setup to a person: each step on a line of its own, and in between the elapsed time and
 * the latest line a tool printed. On a terminal that status is one line rewritten in place (with
 * {@code \r}) every second; otherwise (a log, a pipe) it is a plain line every ten seconds.
 *
 * <p>Thread-safe: the setup thread reports steps, a tool's reader thread reports lines and a timer
 * thread calls {@link #tick()}; printing is serialised.
 */
final class SetupProgress implements SetupListener, AutoCloseable {

    static final Duration TERMINAL_INTERVAL = Duration.ofSeconds(1);
    static final Duration PLAIN_INTERVAL = Duration.ofSeconds(10);
    private static final int WIDTH = 100;

    private final PrintStream out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long start;
    private ScheduledExecutorService timer;
    private String step = "starting";
    private String latestLine;
    private boolean latestLineShown = true;
    private int statusWidth;

    SetupProgress(PrintStream out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** A display on {@code out} that ticks by itself until {@link #close()}. */
    static SetupProgress started(PrintStream out, boolean terminal) {
        SetupProgress progress = new SetupProgress(out, terminal, System::nanoTime);
        long interval = (terminal ? TERMINAL_INTERVAL : PLAIN_INTERVAL).toMillis();
        progress.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lean-interact-setup-progress");
            t.setDaemon(true);
            return t;
        });
        progress.timer.scheduleAtFixedRate(progress::tick, interval, interval, TimeUnit.MILLISECONDS);
        return progress;
    }

    @Override
    public synchronized void step(String description) {
        step = description;
        latestLine = null;
        clearStatus();
        out.println("[" + elapsed() + "] " + description);
        out.flush();
    }

    @Override
    public synchronized void outputLine(String tool, String line) {
        latestLine = tool + ": " + line.strip();
        latestLineShown = false;
    }

    /** Shows the elapsed time and the latest line (on a terminal in place, else as a line of its own). */
    synchronized void tick() {
        if (terminal) {
            String status = "[" + elapsed() + "] " + (latestLine != null ? latestLine : step);
            if (status.length() > WIDTH) {
                status = status.substring(0, WIDTH - 1) + "…";
            }
            int pad = Math.max(0, statusWidth - status.length());
            out.print("\r" + status + " ".repeat(pad));
            statusWidth = status.length();
        } else {
            // A log gets a line only while something runs; the same tool line is not repeated.
            out.println("[" + elapsed() + "] still working"
                    + (latestLine != null && !latestLineShown ? "; latest: " + latestLine : ""));
            latestLineShown = true;
        }
        out.flush();
    }

    /** Stops the timer and clears the status line. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            clearStatus();
            out.flush();
        }
    }

    /** The elapsed time as {@code m:ss} (or {@code h:mm:ss}). */
    synchronized String elapsed() {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - start);
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format("%d:%02d:%02d", h, m, s) : String.format("%d:%02d", m, s);
    }

    private void clearStatus() {
        if (terminal && statusWidth > 0) {
            out.print("\r" + " ".repeat(statusWidth) + "\r");
            statusWidth = 0;
        }
    }
}
