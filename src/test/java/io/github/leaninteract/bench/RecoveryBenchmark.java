package io.github.leaninteract.bench;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.Pos;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.protocol.Sorry;
import io.github.leaninteract.protocol.UnpickleEnvironment;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.server.LeanServer;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.sessioncache.ReplaySessionCache;
import io.github.leaninteract.sessioncache.SessionCache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * What recovery costs (issue 8), each beside a bare reference measured in the same run against the same
 * stand-in: crash then the next answer beside a bare JDK spawn and first answer; {@code restart()} with many
 * cached states, for both caches, lazy and eager; {@code clear()} of many pickled states; adding a state to a
 * cache that already holds 100,000; {@code AutoLeanServer.run} and adding to a {@code PickleSessionCache}
 * beside a bare round trip.
 *
 * <p>The stand-in is the instant C REPL {@code src/test/resources/bench/instant_repl.c}, compiled with the
 * system's {@code cc} into the temporary folder (it starts in about a millisecond, so restarts measure the
 * client, not a JVM's start); without a C compiler, {@link ThinRepl}, whose JVM start then dominates every
 * restart figure. Pickles go where {@link RoundTripBenchmark#pickleParent()} says.
 *
 * <p>Run: see README, "Benchmarks".
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RecoveryBenchmark {

    private static final Command COMMAND = Command.of("def x := 1");

    /**
     * Warm-up shots of the clear benchmarks. A shot deletes 1,100 pickles, and the deletion path reaches
     * the JIT's optimising compiler only after some 20,000 deletions: with a handful of warm-ups the shots
     * measure the interpreter and the first compiler (25–30 ms here), not the steady state (11–14 ms). Up
     * to about the 50th shot the compiler is also still at work on the refill's code and JMH's own, on a
     * background thread that takes one of two cores away from the shot it overlaps.
     */
    private static final int CLEAR_WARMUPS = 60;
    private static final int CLEAR_SHOTS = 30;

    /** The argv of the stand-in: the instant C REPL, built on first use, or {@link ThinRepl}. */
    static synchronized List<String> standIn() {
        Path binary = Path.of(System.getProperty("java.io.tmpdir"), "lean-interact-instant-repl-" + ProcessHandle.current().pid());
        if (Files.isExecutable(binary)) {
            return List.of(binary.toString());
        }
        try (InputStream source = RecoveryBenchmark.class.getResourceAsStream("/bench/instant_repl.c")) {
            Path c = Files.createTempFile("instant_repl", ".c");
            Files.write(c, source.readAllBytes());
            Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), c.toString())
                    .redirectErrorStream(true).start();
            String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean built = cc.waitFor() == 0;
            Files.delete(c);
            if (built) {
                binary.toFile().deleteOnExit();
                return List.of(binary.toString());
            }
            System.err.println("RecoveryBenchmark: cc failed, using ThinRepl: " + out);
        } catch (IOException e) {
            System.err.println("RecoveryBenchmark: no C compiler (" + e.getMessage() + "), using ThinRepl");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ThinRepl.command();
    }

    static LeanReplConfig config() {
        return LeanReplConfig.builder().replCommand(standIn()).enableIncrementalOptimization(false)
                .enableParallelElaboration(false).build();
    }

    /** A stand-in process spoken to directly, as {@link RoundTripBenchmark.Bare} does. */
    @State(Scope.Benchmark)
    public static class Bare {
        Process process;
        OutputStream stdin;
        InputStream stdout;
        final byte[] buffer = new byte[1 << 16];
        final byte[] request = (LeanJson.writeRequest(COMMAND) + "\n\n").getBytes(StandardCharsets.UTF_8);

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            spawn();
        }

        void spawn() throws IOException {
            process = new ProcessBuilder(standIn()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            stdin = process.getOutputStream();
            stdout = process.getInputStream();
        }

        byte[] unpickleRequest(Path pickle) {
            return (LeanJson.writeRequest(new UnpickleEnvironment(pickle.toString())) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        }

        int roundTrip() throws IOException {
            return roundTrip(request);
        }

        int roundTrip(byte[] request) throws IOException {
            stdin.write(request);
            stdin.flush();
            return RoundTripBenchmark.readAnswer(stdout, buffer);
        }

        /** What a crash and a restart cost with nothing in between: kill and reap, spawn, first answer. */
        int respawn() throws IOException, InterruptedException {
            process.destroyForcibly();
            process.waitFor();
            stdin.close();
            stdout.close();
            spawn();
            return roundTrip();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** An {@link AutoLeanServer} with an empty lazy replay cache (the default). */
    @State(Scope.Benchmark)
    public static class Auto {
        AutoLeanServer server;

        @Setup(Level.Trial)
        public void setUp() {
            server = AutoLeanServer.builder(config()).build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            server.close();
        }
    }

    /** A server whose cache holds {@code states} states, for {@code restart()}. */
    @State(Scope.Benchmark)
    public static class Restarting {
        @Param({"replay", "pickle"})
        public String cache;

        @Param({"true", "false"})
        public boolean lazy;

        @Param({"1100"})
        public int states;

        AutoLeanServer server;
        private PickleSessionCache pickles;
        private Path dir;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            SessionCache c;
            if (cache.equals("pickle")) {
                dir = Files.createTempDirectory(RoundTripBenchmark.pickleParent(), "lean-interact-bench");
                pickles = new PickleSessionCache(dir, java.time.Duration.ofSeconds(60), lazy);
                c = pickles;
            } else {
                c = new ReplaySessionCache(lazy);
            }
            server = AutoLeanServer.builder(config()).sessionCache(c).build();
            for (int i = 0; i < states; i++) {
                server.run(COMMAND, true);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            server.close();
            if (pickles != null) {
                pickles.close();
                RoundTripBenchmark.deleteTree(dir, true);
            }
        }
    }

    /** An {@link AutoLeanServer} caching in a {@link PickleSessionCache} of its own temporary folder. */
    public abstract static class PickleServer {
        AutoLeanServer server;
        PickleSessionCache cache;
        private Path dir;

        @Setup(Level.Trial)
        public void startServer() throws IOException {
            dir = Files.createTempDirectory(RoundTripBenchmark.pickleParent(), "lean-interact-bench");
            cache = new PickleSessionCache(dir);
            server = AutoLeanServer.builder(config()).sessionCache(cache).build();
        }

        @TearDown(Level.Trial)
        public void stopServer() throws IOException {
            server.close();
            cache.close();
            RoundTripBenchmark.deleteTree(dir, true);
        }
    }

    /** A pickle cache refilled with {@code states} states before each measured {@code clear()}. */
    @State(Scope.Benchmark)
    public static class Clearing extends PickleServer {
        @Param({"1100"})
        public int states;

        @Setup(Level.Invocation)
        public void fill() {
            for (int i = 0; i < states; i++) {
                server.run(COMMAND, true);
            }
        }
    }

    /**
     * {@code states} pickle files and their lock files, remade before each measured bare clear: what
     * {@code clear()} must do to the file system for them, with none of the library.
     */
    @State(Scope.Benchmark)
    public static class BareFiles {
        @Param({"1100"})
        public int states;

        Path dir;
        final List<Path> pickles = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory(RoundTripBenchmark.pickleParent(), "lean-interact-bench");
        }

        @Setup(Level.Invocation)
        public void fill() throws IOException {
            pickles.clear();
            for (int i = 0; i < states; i++) {
                Path pickle = dir.resolve("p" + i + ".olean");
                Files.writeString(pickle, "pickle\n");
                Files.writeString(dir.resolve("p" + i + ".olean.lock"), "");
                pickles.add(pickle);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            RoundTripBenchmark.deleteTree(dir, true);
        }
    }

    /** A replay cache that already holds {@code prefilled} states; what a benchmark adds is removed after it. */
    @State(Scope.Benchmark)
    public static class Adding {
        @Param({"0", "100000"})
        public int prefilled;

        LeanServer server;
        ReplaySessionCache cache;
        CommandResponse response;
        /** A step on the raw proof state of the sorry of a cached theorem, and its answer. */
        ProofStep step;
        ProofStepResponse stepResponse;
        final List<Integer> added = new ArrayList<>(1 << 20);
        private int nextEnv;

        /** The answer with an environment id of its own, as every answer of a REPL process has. */
        CommandResponse nextResponse() {
            return response.withEnv(++nextEnv);
        }

        @Setup(Level.Trial)
        public void setUp() {
            server = new LeanServer(config());
            cache = new ReplaySessionCache();
            response = (CommandResponse) server.run(COMMAND);
            nextEnv = response.env() + 1_000_000;
            for (int i = 0; i < prefilled; i++) {
                cache.add(server, COMMAND, nextResponse());
            }
            // The stand-in opens no proof state: its answers are made up; the cache sends nothing on add.
            int sorry = 1_000_000;
            cache.add(server, Command.of("theorem t : True := sorry"),
                    response.withSorries(List.of(new Sorry(Pos.of(1, 20), Pos.of(1, 25), "⊢ True", sorry))));
            step = new ProofStep(sorry, "skip");
            stepResponse = ProofStepResponse.of(sorry + 1, List.of("⊢ True"), "Incomplete: open goals remain");
        }

        @TearDown(Level.Iteration)
        public void removeAdded() {
            for (int id : added) {
                cache.remove(id);
            }
            added.clear();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            server.close();
        }
    }

    /** A pickle cache; the states an iteration added are removed after it, unmeasured. */
    @State(Scope.Benchmark)
    public static class Pickling extends PickleServer {
        final List<Integer> added = new ArrayList<>(1 << 16);

        @TearDown(Level.Iteration)
        public void removeAdded() {
            for (int id : added) {
                cache.remove(id);
            }
            added.clear();
        }
    }

    @Benchmark
    public int bareRoundTrip(Bare bare) throws IOException {
        return bare.roundTrip();
    }

    @Benchmark
    public int bareSpawnAndFirstAnswer(Bare bare) throws IOException, InterruptedException {
        return bare.respawn();
    }

    @Benchmark
    public LeanResponse crashThenNextAnswer(Auto auto) {
        auto.server.kill();
        return auto.server.run(COMMAND);
    }

    @Benchmark
    public LeanResponse autoLeanServerRun(Auto auto) {
        return auto.server.run(COMMAND);
    }

    /**
     * Measured as the bare spawn is (average time over warmed-up iterations): a restart needs no setup
     * between calls, and single shots with a few warm-ups would measure the restart path's cold code
     * beside a warm bare reference.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public void restart(Restarting r) {
        r.server.restart();
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = CLEAR_WARMUPS)
    @Measurement(iterations = CLEAR_SHOTS)
    public void clearPickled(Clearing c) {
        c.cache.clear();
    }

    /**
     * Per pickle, on one thread: lock its lock file, delete both files, unlock; the file system's share of a
     * clear, in the same seven system calls (open, the JDK's fstat, lock, two unlinks, unlock, close).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = CLEAR_WARMUPS)
    @Measurement(iterations = CLEAR_SHOTS)
    public void bareClearFiles(BareFiles files) throws IOException {
        for (Path pickle : files.pickles) {
            Path lockFile = pickle.resolveSibling(pickle.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                // File.delete is one unlink; Files.delete reads the file's attributes first.
                if (!pickle.toFile().delete() || !lockFile.toFile().delete()) {
                    throw new IOException("Could not delete " + pickle + " or its lock file");
                }
            }
        }
    }

    /**
     * Bare spawn, then one unpickle round trip after the other for {@code states} states: what an eager
     * reload would cost a client that does nothing but wait for each answer.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 8)
    public int bareRespawnAndUnpickles(Bare bare, BareFiles files) throws IOException, InterruptedException {
        int n = bare.respawn();
        for (Path pickle : files.pickles) {
            n += bare.roundTrip(bare.unpickleRequest(pickle));
        }
        return n;
    }

    @Benchmark
    public int addToReplayCache(Adding a) {
        int id = a.cache.add(a.server, COMMAND, a.nextResponse());
        a.added.add(id);
        return id;
    }

    /**
     * Caching a step on a raw proof state: the cache finds which cached state the raw id came from (so that
     * it can replay the step onto that state in a new process).
     */
    @Benchmark
    public int addStepOnRawProofStateToReplayCache(Adding a) {
        int id = a.cache.add(a.server, a.step, a.stepResponse);
        a.added.add(id);
        return id;
    }

    @Benchmark
    public LeanResponse addToPickleCache(Pickling p) {
        CommandResponse answer = (CommandResponse) p.server.run(COMMAND, true);
        p.added.add(answer.env());
        return answer;
    }
}
