package io.github.leaninteract.bench;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.testing.ReplSimulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one request through the library, against a bare round trip over the same kind of pipes to the
 * same stand-in process (issue 3, "Speed"): {@code AutoLeanServer.run} should cost at most 2× {@link #bare},
 * {@code run(…, true)} with a {@link PickleSessionCache} at most 4× (it makes two round trips).
 *
 * <p>Every benchmark talks to its own stand-in process, started once per fork: {@code thin} (the default) is
 * {@link ThinRepl} (answers after a few substring searches), {@code simulator} is {@link ReplSimulator}
 * (parses, elaborates its tiny Lean and pretty-prints, so its own work is part of every figure).
 * {@link #bareCommandAndPickle} is the pickling cache's two round trips done bare, the stand-in's writing of
 * the pickle included: the difference to {@link #autoLeanServerRunPickleCache} is the library's.
 *
 * <p>Run: see README, "Benchmarks".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RoundTripBenchmark {

    private static final Command COMMAND = Command.of("def x := 1");

    /** Which stand-in answers. */
    @State(Scope.Benchmark)
    public static class StandIn {
        // Both by default. The thin one shows the library's own cost most sharply; the simulator's state grows
        // with every command (its answers slow from ~12 to ~50 µs within a fork), which every benchmark of a
        // run sees alike. Choose one with -p standIn=thin or -p standIn=simulator.
        @Param({"thin", "simulator"})
        public String standIn;

        List<String> command() {
            switch (standIn) {
                case "thin":
                    return ThinRepl.command();
                case "simulator":
                    return ReplSimulator.command();
                default:
                    throw new IllegalArgumentException("Unknown stand-in " + standIn + "; use thin or simulator");
            }
        }

        LeanReplConfig config() {
            // Without the options a server adds to commands, so that it sends exactly what bare() sends.
            return LeanReplConfig.builder()
                    .replCommand(command())
                    .enableIncrementalOptimization(false)
                    .enableParallelElaboration(false)
                    .build();
        }
    }

    /** A stand-in process spoken to directly: write the request, read to the blank line, parse nothing. */
    @State(Scope.Benchmark)
    public static class Bare {
        private Process process;
        private OutputStream stdin;
        private InputStream stdout;
        private final byte[] buffer = new byte[1 << 16];
        private String json;

        @Setup(Level.Trial)
        public void start(StandIn standIn) throws IOException {
            process = new ProcessBuilder(standIn.command()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            stdin = process.getOutputStream();
            stdout = process.getInputStream();
            // The very text a LeanServer sends for COMMAND.
            json = LeanJson.writeTree(LeanJson.toTree(COMMAND));
        }

        /** @return the length of the answer */
        int roundTrip() throws IOException {
            return roundTrip(json);
        }

        int roundTrip(String json) throws IOException {
            stdin.write(json.getBytes(StandardCharsets.UTF_8));
            stdin.write('\n');
            stdin.write('\n');
            stdin.flush();
            return readAnswer(stdout, buffer);
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /**
     * A bare command and a bare {@code pickleTo} of environment 0 to a new file: the two round trips a
     * pickling cache makes, including the stand-in's own work of writing the pickle, with none of the
     * library's. A reference for how much of {@code autoLeanServerRunPickleCache} is the library's.
     */
    @State(Scope.Benchmark)
    public static class BarePickling extends Bare {
        private Path dir;
        private String prefix;
        private int next;

        @Setup(Level.Trial)
        public void makeDirectory() throws IOException {
            dir = Files.createTempDirectory(pickleParent(), "lean-interact-bench");
            prefix = "{\"pickleTo\":\"" + dir.toString().replace("\\", "\\\\") + "/p";
        }

        int pickle() throws IOException {
            return roundTrip(prefix + next++ + ".olean\",\"env\":0}");
        }

        @TearDown(Level.Iteration)
        public void deletePickles() throws IOException {
            deleteTree(dir, false);
        }

        @TearDown(Level.Trial)
        public void deleteDirectory() throws IOException {
            deleteTree(dir, true);
        }
    }

    @State(Scope.Benchmark)
    public static class Plain {
        LeanServer server;

        @Setup(Level.Trial)
        public void start(StandIn standIn) {
            server = new LeanServer(standIn.config());
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Auto {
        AutoLeanServer server;

        @Setup(Level.Trial)
        public void start(StandIn standIn) {
            server = AutoLeanServer.builder(standIn.config()).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    /** A server with a cache; the states a benchmark iteration added are removed after it, unmeasured. */
    public abstract static class Caching {
        AutoLeanServer server;
        final List<Integer> added = new ArrayList<>(1 << 16);

        @TearDown(Level.Iteration)
        public void removeAdded() {
            for (int id : added) {
                server.removeFromSessionCache(id);
            }
            added.clear();
        }
    }

    @State(Scope.Benchmark)
    public static class Pickling extends Caching {
        private PickleSessionCache cache;
        private Path dir;

        @Setup(Level.Trial)
        public void start(StandIn standIn) throws IOException {
            dir = Files.createTempDirectory(pickleParent(), "lean-interact-bench");
            cache = new PickleSessionCache(dir);
            server = AutoLeanServer.builder(standIn.config()).sessionCache(cache).build();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            server.close();
            cache.close();
            deleteTree(dir, true);
        }
    }

    static void deleteTree(Path dir, boolean withRoot) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                if (withRoot || !p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }

    /**
     * Where pickles go: {@code -Dbench.pickleDir=DIR}, else {@code /dev/shm} where it exists (a disk's
     * journal and discards made file creation vary from 10 µs to several 100 µs per file on the machine
     * this was written on, drowning the library's own cost), else the temporary directory.
     */
    static Path pickleParent() {
        String dir = System.getProperty("bench.pickleDir");
        if (dir != null) {
            return Path.of(dir);
        }
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    @State(Scope.Benchmark)
    public static class Replaying extends Caching {
        @Setup(Level.Trial)
        public void start(StandIn standIn) {
            server = AutoLeanServer.builder(standIn.config()).sessionCache(new ReplaySessionCache()).build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.close();
        }
    }

    @Benchmark
    public int bare(Bare bare) throws IOException {
        return bare.roundTrip();
    }

    @Benchmark
    public int bareCommandAndPickle(BarePickling bare) throws IOException {
        return bare.roundTrip() + bare.pickle();
    }

    @Benchmark
    public LeanResponse leanServerRun(Plain plain) {
        return plain.server.run(COMMAND);
    }

    @Benchmark
    public LeanResponse autoLeanServerRun(Auto auto) {
        return auto.server.run(COMMAND);
    }

    @Benchmark
    public LeanResponse autoLeanServerRunPickleCache(Pickling pickling) {
        return cached(pickling);
    }

    @Benchmark
    public LeanResponse autoLeanServerRunReplayCache(Replaying replaying) {
        return cached(replaying);
    }

    private static LeanResponse cached(Caching state) {
        CommandResponse answer = (CommandResponse) state.server.run(COMMAND, true);
        state.added.add(answer.env());
        return answer;
    }

    /**
     * Reads one answer of a stand-in: up to and including the blank line that ends it, parsing nothing.
     *
     * @return how many bytes were read
     */
    static int readAnswer(InputStream stdout, byte[] buffer) throws IOException {
        int length = 0;
        byte previous = 0;
        while (true) {
            int n = stdout.read(buffer);
            if (n < 0) {
                throw new IOException("The stand-in closed its output");
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n' && previous == '\n' && length + i > 0) {
                    return length + n;
                }
                previous = b;
            }
            length += n;
        }
    }
}
