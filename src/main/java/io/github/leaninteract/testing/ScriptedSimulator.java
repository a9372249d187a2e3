package io.github.leaninteract.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A {@link ReplSimulator} scripted with {@link SimulatorFault}s, and the requests its processes received:
 * the test peer of code that uses lean-interact, as OkHttp's MockWebServer is for HTTP clients. Made by
 * {@link ReplSimulator#builder()}.
 *
 * <pre>{@code
 * try (ScriptedSimulator sim = ReplSimulator.builder().fault(SimulatorFault.crashOnRequest(3, 7)).build()) {
 *     LeanReplConfig config = LeanReplConfig.builder().replCommand(sim.command()).build();
 *     try (LeanServer server = new LeanServer(config)) {
 *         server.run(Command.of("def x := 1"));
 *         server.run(Command.of("#eval x").withEnv(0));
 *         assertThrows(LeanProcessException.class, () -> server.run(Command.of("#eval x").withEnv(0)));
 *     }
 *     assertEquals("def x := 1", sim.takeRequest(Duration.ofSeconds(10)).leanText());
 * }
 * }</pre>
 *
 * <p>Every process started from {@link #command()} (a server's first REPL, the REPLs it restarts, the
 * servers of a pool) belongs to this one script: they record into one file, and count requests and
 * faults together (see {@link SimulatorFault}), so that a fault that fired once does not fire again in a
 * restarted REPL, and {@link #requests()} sees what all of them received.
 *
 * <p>Lifecycle: {@link ReplSimulator.Builder#build()} creates a private temporary folder for the
 * recording and the shared counts; {@link #close()} stops {@link #requests()} (waking a blocked
 * {@code take} with {@link IllegalStateException}) and deletes that folder, and is idempotent. Close it
 * after the servers that use its command: a REPL started from it after that fails to start. After
 * closing, {@link #command()} and {@link #takeRequest(Duration)} throw {@link IllegalStateException};
 * {@link #toString()} tells whether it is open, its faults and how many requests it received.
 *
 * <p>Thread-safe.
 */
public final class ScriptedSimulator implements AutoCloseable {

    private final Path directory;
    private final List<SimulatorFault> faults;
    private final List<String> command;
    private final RecordedRequests requests;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ScriptedSimulator(Path directory, List<SimulatorFault> faults, List<String> command, RecordedRequests requests) {
        this.directory = directory;
        this.faults = faults;
        this.command = command;
        this.requests = requests;
    }

    /** Creates the folder, then the command that points into it. */
    static ScriptedSimulator create(Path parent, List<SimulatorFault> faults, Path recordFile, List<String> options) {
        Path directory;
        try {
            directory = parent == null ? Files.createTempDirectory("lean-interact-simulator-")
                    : Files.createTempDirectory(parent, "lean-interact-simulator-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a folder for the simulator's recording and counts", e);
        }
        Path recording = recordFile == null ? directory.resolve("requests.jsonl") : recordFile.toAbsolutePath();
        List<String> args = new ArrayList<>(options);
        args.add("--record");
        args.add(recording.toString());
        for (SimulatorFault fault : faults) {
            args.add("--fault");
            args.add(fault.spec());
        }
        args.add("--fault-state");
        args.add(directory.resolve("fault-counts.bin").toString());
        RecordedRequests requests;
        try {
            requests = RecordedRequests.open(recording);
        } catch (RuntimeException e) {
            deleteTree(directory);
            throw e;
        }
        return new ScriptedSimulator(directory, List.copyOf(faults), ReplSimulator.command(args.toArray(String[]::new)),
                requests);
    }

    /**
     * The argv that starts a simulator process of this script, for {@code LeanReplConfig.replCommand}.
     *
     * @throws IllegalStateException if this is closed
     */
    public List<String> command() {
        ensureOpen();
        return command;
    }

    /** The requests the processes of this script received; see {@link RecordedRequests}. */
    public RecordedRequests requests() {
        return requests;
    }

    /**
     * The oldest received request not yet taken, waiting up to {@code timeout}; see
     * {@link RecordedRequests#take(Duration)}.
     *
     * @return the request, or null when none came within the timeout
     * @throws IllegalStateException if this is closed, also while waiting
     * @throws InterruptedException  if interrupted while waiting
     */
    public RecordedRequest takeRequest(Duration timeout) throws InterruptedException {
        return requests.take(timeout);
    }

    /** How many requests the processes of this script received so far. */
    public int requestCount() {
        return requests.count();
    }

    /** The faults of this script, in the order they act. */
    public List<SimulatorFault> faults() {
        return faults;
    }

    /** The file the requests are recorded in. */
    public Path recordFile() {
        return requests.file();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Stops reading requests and deletes this script's temporary folder (not a record file given to the builder). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                requests.close();
            } finally {
                deleteTree(directory);
            }
        }
    }

    @Override
    public String toString() {
        if (isClosed()) {
            return "ScriptedSimulator[closed, faults=" + faults + "]";
        }
        int received;
        try {
            received = requests.count();
        } catch (RuntimeException e) {
            return "ScriptedSimulator[closed, faults=" + faults + "]";
        }
        return "ScriptedSimulator[open, faults=" + faults + ", " + received + " request(s) received, recording "
                + recordFile() + "]";
    }

    private void ensureOpen() {
        if (isClosed()) {
            throw new IllegalStateException("this ScriptedSimulator is closed; build a new one with ReplSimulator.builder()");
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the simulator's folder " + directory, e);
        }
    }
}
