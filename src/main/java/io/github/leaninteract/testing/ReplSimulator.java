package io.github.leaninteract.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A simulated Lean REPL for tests: a child process that speaks the REPL's wire protocol
 * faithfully, so that clients can be tested, and the library tried, where no Lean toolchain is
 * installed. <strong>It is a simulator, not a prover</strong>: it understands a tiny subset of Lean
 * just well enough that answers depend on what an environment defined and what a proof state holds,
 * and it says so on stderr when it starts ({@value #BANNER}).
 *
 * <pre>{@code
 * LeanReplConfig config = LeanReplConfig.builder()
 *     .replCommand(ReplSimulator.command())
 *     .build();
 * // or, by hand:
 * Process repl = new ProcessBuilder(ReplSimulator.command("--record", "requests.txt")).start();
 * }</pre>
 *
 * <h2>Protocol, as the real REPL</h2>
 * <ul>
 *   <li>A query is read as lines up to one that is blank after trimming; lines are right-trimmed and
 *       joined without separator. A query starting with {@code #} or {@code --} is a comment and
 *       gets no answer. End of input ends the process with exit code 0. An extra blank line is an
 *       empty query, which does not parse: the process dies.</li>
 *   <li>Answers are pretty-printed JSON objects laid out like Lean's {@code Json.render} (several
 *       lines, never a blank line inside), each followed by one blank line; stdout is flushed after
 *       each. Empty lists are omitted as the REPL does; a proof step always has {@code goals}.</li>
 *   <li>Invalid JSON, a request of no known shape, or a negative id (the REPL reads ids as natural
 *       numbers): {@code uncaught exception: …} on stderr, exit code 1, no answer.</li>
 *   <li>Environment and proof-state ids index two growing lists from 0 and are never reused.
 *       {@code {"message": "Unknown environment."}} and {@code "Unknown proof state."} are normal
 *       answers; pickling an unknown proof state answers {@code "Unknown proof State."}, the REPL's
 *       own spelling for that request.</li>
 *   <li>Requests: {@code cmd} (with {@code env}, {@code allTactics}, {@code rootGoals},
 *       {@code infotree}; other fields such as {@code declarations}, {@code incrementality} or
 *       {@code setOptions} are accepted and ignored), {@code path} (the file's text is run as a
 *       command; an unreadable file is an error answer), {@code tactic} + {@code proofState},
 *       {@code pickleTo} + {@code env} (answers the same env id), {@code pickleTo} +
 *       {@code proofState} (answers a proof step with a <em>new</em> proof-state id, the REPL's
 *       quirk), {@code unpickleEnvFrom}, {@code unpickleProofStateFrom} (+ optional {@code env}).
 *       Pickles are real files (JSON with a format marker); missing directories are not created;
 *       a failed write, or a missing or corrupt pickle on unpickling, ends the process with an
 *       uncaught IO error and exit code 1, like the REPL.</li>
 *   <li>{@code allTactics} gives one plausible entry per tactic run (goals before, a new proof
 *       state, empty {@code usedConstants}); {@code infotree} (any of its four values) gives one
 *       {@code TacticInfo} node per tactic, without children; {@code rootGoals} adds a sorry-like
 *       entry with a new proof state for each declaration's statement.</li>
 * </ul>
 *
 * <h2>The tiny Lean</h2>
 * A command text is split into top-level commands: a line starting at column 0 begins one, indented
 * lines continue it; {@code --} and {@code /- -/} comments are ignored. Understood:
 * <ul>
 *   <li>The header, as Lean's grammar has it: {@code module? prelude? import*}, an import being
 *       {@code (public|private)? meta? import (all|runtime)? Module} (one module each), among comments
 *       and whitespace, ending at the first other token (a doc comment {@code /--} or {@code /-!}
 *       included), also in the middle of a line. Only in a request without {@code env}; an
 *       {@code import} anywhere else is the error {@code invalid 'import' command, it must be used in
 *       the beginning of the file}. A module is found when its first component is a known package
 *       ({@code Init}, {@code Std}, {@code Lean}, {@code Mathlib}, {@code Batteries}, {@code Aesop}, … and
 *       those of {@code --module-roots}); an unknown one fails the header as in Lean: one error
 *       {@code unknown module prefix 'X' …} at the header's first token, without {@code endPos}, and
 *       the rest of the text runs in an environment without imports. Each module found costs
 *       {@code --import-cost-ms}, also when an environment or a proof state without {@code env} is
 *       unpickled (Lean imports their modules again).</li>
 *   <li>{@code def NAME (binders)* (: TYPE)? := VALUE}, {@code abbrev}, {@code theorem}/{@code lemma
 *       NAME (binders)* : STMT := PROOF}, {@code example (binders)* : STMT := PROOF}, optionally after
 *       modifiers such as {@code private}. PROOF is {@code by TACTICS}, {@code sorry} or a term
 *       ({@code rfl} is checked, other terms accepted). A {@code sorry} gives a sorry entry whose goal
 *       has the binders as hypotheses ({@code x : Nat\n⊢ x = x}) and a new proof state, plus the
 *       warning {@code declaration uses `sorry`} (not when the declaration has an error, as Lean).
 *       Open goals at the end of a {@code by} block give {@code unsolved goals}; redeclaring gives
 *       {@code 'NAME' has already been declared}.</li>
 *   <li>{@code #eval EXPR} — natural and string literals, defined names (applied to arguments when
 *       they have parameters), parentheses, {@code + - *} on naturals and {@code ++} on strings; an
 *       info message with the value ({@code 42}, {@code "hi"}); {@code Unknown identifier `x`} for an
 *       unknown name; a refusal for values depending on {@code sorry}.</li>
 *   <li>{@code #check NAME} (info {@code NAME (binders) : TYPE}), {@code #check EXPR},
 *       {@code #print NAME}; {@code open}, {@code set_option}, {@code variable}, {@code namespace},
 *       {@code section}, {@code end}, {@code universe} are accepted and ignored. Anything else is an
 *       error message such as {@code unexpected identifier; expected command}, never a crash.</li>
 * </ul>
 * Tactics (in a {@code by} block or a {@code tactic} request; separated by newlines or {@code ;};
 * each request yields a new proof-state id and {@code goals}): {@code sorry}/{@code admit},
 * {@code rfl} ({@code a = a} with identical sides, or sides that evaluate equal), {@code intro x y}
 * and {@code intros} ({@code ∀} and {@code →}), {@code exact h} (a hypothesis or constant whose type
 * is the target; an unknown name is the message {@code Unknown identifier `h`} and the goal is closed
 * as by sorry, status {@code Incomplete: contains sorry}; terms the simulator cannot judge are
 * accepted), {@code assumption}, {@code have h : T := VALUE} / {@code := by …} / {@code := sorry},
 * {@code trivial}, {@code skip}, {@code done}. An unknown tactic answers
 * {@code {"message": "Lean error:\n<input>:1:1: unknown tactic"}}; a failing {@code rfl} or
 * {@code assumption} answers {@code "Lean error:\n…"}. {@code proofStatus} is {@code Completed},
 * {@code Incomplete: open goals remain} or {@code Incomplete: contains sorry}.
 *
 * <h2>Fault injection: {@code #sim}</h2>
 * A {@code cmd} whose text starts with {@code #sim} is a list of directives, one per line, run in
 * order; the normal answer is a command response with a new env id (a copy of the given env, or a
 * fresh one), carrying the directives' info messages. Unknown directives are error messages.
 * <ul>
 *   <li>{@code #sim hang} — never answers, keeps running.</li>
 *   <li>{@code #sim wait-for FILE} — answers normally once FILE exists (at once if it does): a gate a test
 *       opens by creating FILE, to hold requests under way until it has seen them all; or, with FILE
 *       deleted after the first run, a state whose replay hangs.</li>
 *   <li>{@code #sim sleep MS} — answers normally after MS milliseconds.</li>
 *   <li>{@code #sim crash [CODE]} — a message on stderr, exit CODE (default 1), no answer.</li>
 *   <li>{@code #sim abort} — {@code INTERNAL PANIC: out of memory} on stderr, exit 134, no answer.</li>
 *   <li>{@code #sim exit} — exit 0 with no answer (what a client sees as an empty answer).</li>
 *   <li>{@code #sim stderr BYTES} — writes BYTES bytes of text lines to stderr, then answers.</li>
 *   <li>{@code #sim alloc MB} — allocates MB MiB off-heap, every page touched so the resident size
 *       grows, and keeps it; info {@code allocated MB MiB off-heap (T MiB held in total)}. When the
 *       allocation fails (e.g. under {@code ulimit -v}), it dies like an out-of-memory abort:
 *       stderr text, exit 134, no answer (rarely the JVM runs out of native memory first and ends with
 *       its own fatal error, exit 1, after the same stderr text).</li>
 *   <li>{@code #sim huge BYTES} — an answer whose info message data has BYTES characters.</li>
 *   <li>{@code #sim spawn} — starts a child {@code sleep 3600} and answers the info
 *       {@code spawned pid PID} (for process-tree-kill tests).</li>
 *   <li>{@code #sim garbage} — writes lines that are not JSON, then a blank line, instead of an
 *       answer.</li>
 * </ul>
 * Example: {@code {"cmd": "#sim stderr 100000\n#sim sleep 50"}} then {@code {"cmd": "#sim crash 7"}}.
 *
 * <h2>Faults as values, and the requests received</h2>
 * So that a test need not change the Lean text its code sends, faults can also be given when the
 * simulator starts, as {@link SimulatorFault} values (crash on the 3rd request, hang on every tactic
 * matching a pattern, garbage once, …), and the requests the simulator received can be taken one by one,
 * blocking with a timeout, as with OkHttp's MockWebServer. Three steps: script the peer, run your code,
 * verify what the peer received.
 * <pre>{@code
 * try (ScriptedSimulator sim = ReplSimulator.builder()
 *         .fault(SimulatorFault.hangOn("^decide"))
 *         .fault(SimulatorFault.crashOnRequest(5, 7))
 *         .build()) {
 *     LeanReplConfig config = LeanReplConfig.builder().replCommand(sim.command()).build();
 *     // ... run the code under test with config ...
 *     RecordedRequest first = sim.takeRequest(Duration.ofSeconds(10));   // null if none came
 * }
 * }</pre>
 * See {@link ScriptedSimulator} (lifecycle, shared counting across restarts), {@link SimulatorFault}
 * (triggers, order) and {@link RecordedRequests}.
 *
 * <h2>Options (after the main class)</h2>
 * {@code --record FILE} appends every received request (the joined JSON text, also when it does not
 * parse; not comments) to FILE, one per line, flushed at once: see {@link #readRecording(Path)}.
 * {@code --fail-on-start} prints a reason on stderr and exits with 3 at once. {@code --no-blank-line}
 * answers in the style of old REPLs: compact one-line JSON with no blank line after.
 * {@code --startup-delay MS} waits before reading input. {@code --import-cost-ms MS} makes every imported
 * module cost MS milliseconds (a sleep), so that the saving of reusing import headers is visible.
 * {@code --module-roots A,B} adds packages to the simulated search path. {@code --fault SPEC} (repeatable)
 * injects a {@link SimulatorFault} written as {@link SimulatorFault#spec()}; {@code --fault-state FILE} keeps
 * the request count and how often each fault acted in FILE, shared under a file lock by every process given
 * the same FILE (without it, each process counts alone). {@code --unpickle-delay MS} waits
 * before answering each unpickle request (a slow unpickle). Unknown options or fault specs: usage on
 * stderr, exit 2.
 *
 * <p>Thread safety: the static methods are thread-safe; {@link #main} is the program.
 */
public final class ReplSimulator {

    /** The line the simulator prints on stderr when it starts. */
    public static final String BANNER = "ReplSimulator: a simulated Lean REPL for tests, not Lean";

    /**
     * The smallest address-space limit ({@code ulimit -v}, in MiB) under which {@link #command()}
     * starts and answers, with a margin: on OpenJDK 17, x86-64 Linux, the simulator answered
     * commands, {@code #sim spawn}, {@code #sim huge 10000000} and {@code #sim alloc 16} from 470 MiB
     * up and failed to start at 460 MiB. The JVM's fixed reservations (128 MiB heap, class space,
     * code cache, the mapped module image) make up most of it. Under this limit,
     * {@code #sim alloc} of a few hundred MiB or more aborts the process as an out-of-memory would.
     */
    public static final int MIN_MEMORY_LIMIT_MB = 512;

    /** Flags that keep the simulator's JVM small and quick to start, also under an address-space limit. */
    static final List<String> JVM_FLAGS = List.of(
            "-Xms8m", "-Xmx128m", "-Xss512k",
            "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
            "-XX:CompressedClassSpaceSize=16m", "-XX:ReservedCodeCacheSize=16m", "-XX:MaxMetaspaceSize=48m",
            "-XX:MaxDirectMemorySize=4g", "-Xshare:auto", "-XX:-UsePerfData");

    private ReplSimulator() {
    }

    /**
     * The argv that starts the simulator with the current JVM. Its class path is where the simulator's own
     * classes and the Jackson jars it needs were loaded from (their code sources), so it also works where
     * {@code java.class.path} does not list them: under {@code mvn exec:java}, in a fat jar, in a container
     * with its own class loaders. It falls back to {@code java.class.path} when a code source is unknown.
     */
    public static List<String> command() {
        return command(new String[0]);
    }

    /**
     * The argv that starts the simulator with the given simulator options, e.g.
     * {@code command("--record", file.toString())}.
     */
    public static List<String> command(String... simulatorOptions) {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(JVM_FLAGS);
        // Out of memory under an address-space limit, the JVM itself may give up and write crash reports;
        // they belong in the temporary folder, not in whatever directory the REPL runs in.
        String tmp = System.getProperty("java.io.tmpdir");
        argv.add("-XX:ErrorFile=" + Path.of(tmp, "lean-interact-simulator-hs_err_pid%p.log"));
        argv.add("-XX:ReplayDataFile=" + Path.of(tmp, "lean-interact-simulator-replay_pid%p.log"));
        argv.add("-cp");
        argv.add(classPath());
        argv.add(ReplSimulator.class.getName());
        for (String option : simulatorOptions) {
            argv.add(java.util.Objects.requireNonNull(option, "simulator option"));
        }
        return List.copyOf(argv);
    }

    /** Classes whose code sources make up the simulator's class path: its own, and Jackson's three jars. */
    private static final List<String> CLASSES_NEEDED = List.of(ReplSimulator.class.getName(),
            "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty");

    /** The class path for the simulator's JVM, as described in {@link #command()}. */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String className : CLASSES_NEEDED) {
            Path location = codeLocation(className);
            if (location == null) {
                return System.getProperty("java.class.path");
            }
            entries.add(location.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The jar or folder {@code className} was loaded from, or {@code null} when that is not a local file. */
    private static Path codeLocation(String className) {
        try {
            Class<?> c = Class.forName(className, false, ReplSimulator.class.getClassLoader());
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return null;
            }
            URI uri = source.getLocation().toURI();
            if (!"file".equals(uri.getScheme())) {
                return null;
            }
            Path path = Path.of(uri);
            return Files.exists(path) ? path : null;
        } catch (ClassNotFoundException | LinkageError | URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A builder of a {@link ScriptedSimulator}: a simulator with faults given as values, whose received
     * requests a test can take one by one.
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scripts a simulator: its {@link SimulatorFault}s, where it records requests, other options.
     * Building checks everything before creating anything. Not thread-safe; the built
     * {@link ScriptedSimulator} is.
     */
    public static final class Builder {

        private static final java.util.Set<String> SCRIPT_OPTIONS = java.util.Set.of("--record", "--fault", "--fault-state");

        private final List<SimulatorFault> faults = new ArrayList<>();
        private final List<String> options = new ArrayList<>();
        private Path recordFile;
        private Path directory;

        private Builder() {
        }

        /** Adds a fault; faults act in the order added. */
        public Builder fault(SimulatorFault fault) {
            faults.add(java.util.Objects.requireNonNull(fault, "fault"));
            return this;
        }

        /** Adds faults, in order. */
        public Builder faults(SimulatorFault... faults) {
            for (SimulatorFault fault : faults) {
                fault(fault);
            }
            return this;
        }

        /**
         * Records the requests in this file (appending) instead of a file in the script's temporary folder;
         * the file is kept when the script closes. Its folder must exist. Requests already in the file
         * are read too, as the first ones.
         */
        public Builder record(Path file) {
            this.recordFile = java.util.Objects.requireNonNull(file, "file");
            return this;
        }

        /** Where the script's temporary folder is created (default: {@code java.io.tmpdir}). */
        public Builder directory(Path parent) {
            this.directory = java.util.Objects.requireNonNull(parent, "parent");
            return this;
        }

        /**
         * Other simulator options, such as {@code --no-blank-line} or {@code --startup-delay MS} (see the
         * class comment). Recording and faults are set with {@link #record} and {@link #fault}.
         */
        public Builder options(String... simulatorOptions) {
            for (String option : simulatorOptions) {
                options.add(java.util.Objects.requireNonNull(option, "simulator option"));
            }
            return this;
        }

        /**
         * Creates the script's temporary folder and starts watching its recording; no process is started
         * (servers start them from {@link ScriptedSimulator#command()}).
         *
         * @throws IllegalArgumentException if an option is unknown, or sets what {@link #record} or
         *                                  {@link #fault} set, or the record file's folder does not exist
         */
        public ScriptedSimulator build() {
            for (String option : options) {
                if (SCRIPT_OPTIONS.contains(option)) {
                    throw new IllegalArgumentException(option + " is set by the builder: use record(Path) or fault(...)");
                }
            }
            SimulatorOptions.parse(options);
            if (recordFile != null) {
                Path folder = recordFile.toAbsolutePath().getParent();
                if (folder == null || !Files.isDirectory(folder)) {
                    throw new IllegalArgumentException("the folder of the record file " + recordFile + " does not exist");
                }
            }
            return ScriptedSimulator.create(directory, faults, recordFile, options);
        }
    }

    /** The requests recorded with {@code --record FILE}, oldest first; empty when the file does not exist. */
    public static List<String> readRecording(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return List.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the recording " + file, e);
        }
    }

    /** Runs the simulator on stdin/stdout; see the class Javadoc. */
    public static void main(String[] args) {
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        stderr.println(BANNER);
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            stderr.println("ReplSimulator: " + e.getMessage() + "\n" + SimulatorOptions.USAGE);
            Runtime.getRuntime().halt(2);
            return;
        }
        if (options.failOnStart()) {
            stderr.println("ReplSimulator: failing on start as asked by --fail-on-start");
            Runtime.getRuntime().halt(3);
        }
        Writer stdout = new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
        int code;
        try {
            if (options.startupDelayMs() > 0) {
                Thread.sleep(options.startupDelayMs());
            }
            serve(options, stdout, stderr);
            code = 0;
        } catch (ReplExit e) {
            code = e.exitCode();
            flushQuietly(stdout);
            if (!e.stderrText().isEmpty()) {
                stderr.println(e.stderrText());
            }
        } catch (OutOfMemoryError e) {
            code = 134;
            stderr.println(FaultInjector.outOfMemory().stderrText());
        } catch (IOException | RuntimeException e) {
            code = 1;
            stderr.println("uncaught exception: " + e);
        } catch (InterruptedException e) {
            code = 1;
        }
        flushQuietly(stdout);
        stderr.flush();
        Runtime.getRuntime().halt(code);
    }

    private static void serve(SimulatorOptions options, Writer stdout, PrintStream stderr) throws IOException {
        ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxStringLength(Integer.MAX_VALUE).maxNumberLength(10_000).build())
                        .build())
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        QueryReader reader = new QueryReader(System.in);
        FaultInjector injector = new FaultInjector(stderr, stdout);
        SimulatedRepl repl = new SimulatedRepl(injector, new ModulePath(options.moduleRoots(), options.importCostMs()));
        try (OutputStream recording = options.recordFile() == null ? null
                : Files.newOutputStream(options.recordFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
             FaultScript script = new FaultScript(options.faults(), options.faultState())) {
            QueryReader.Query query;
            while ((query = reader.next()) != null) {
                if (query.startsWith("#") || query.startsWith("--")) {
                    continue;
                }
                if (recording != null) {
                    record(recording, query);
                }
                JsonNode request;
                ReplExit unparsable = null;
                try {
                    request = parse(mapper, query);
                } catch (ReplExit e) {
                    // A request that does not parse still counts for the faults, and may be their target.
                    request = null;
                    unparsable = e;
                }
                JsonNode parsed = request;
                QueryReader.Query raw = query;
                List<SimulatorFault> acting = script.onRequest(() -> faultText(parsed, raw));
                reader.release();
                if (!acting.isEmpty() && !injector.apply(acting)) {
                    continue;
                }
                if (unparsable != null) {
                    throw unparsable;
                }
                if (options.unpickleDelayMs() > 0
                        && (request.has("unpickleEnvFrom") || request.has("unpickleProofStateFrom"))) {
                    sleep(options.unpickleDelayMs());
                }
                ObjectNode answer = repl.handle(request);
                if (answer == null) {
                    continue;
                }
                if (options.noBlankLine()) {
                    LeanJsonWriter.compact(answer, stdout);
                    stdout.write('\n');
                } else {
                    LeanJsonWriter.pretty(answer, stdout);
                    stdout.write("\n\n");
                }
                stdout.flush();
            }
        }
    }

    /**
     * Appends the request and its newline in one write: processes started from one command may share a
     * recording (a pool of servers), and appends of one write each never interleave.
     */
    private static void record(OutputStream recording, QueryReader.Query query) throws IOException {
        byte[] line = java.util.Arrays.copyOf(query.bytes(), query.length() + 1);
        line[query.length()] = '\n';
        recording.write(line);
        recording.flush();
    }

    /** The text a fault's pattern is searched in; see {@link SimulatorFault}. */
    private static String faultText(JsonNode request, QueryReader.Query query) {
        if (request != null && request.isObject()) {
            for (String field : List.of("cmd", "tactic", "path", "pickleTo", "unpickleEnvFrom", "unpickleProofStateFrom")) {
                JsonNode value = request.get(field);
                if (value != null && value.isTextual()) {
                    return value.textValue();
                }
            }
        }
        return new String(query.bytes(), 0, query.length(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(ObjectMapper mapper, QueryReader.Query query) {
        String problem;
        try {
            JsonNode node = query.length() == 0 ? null : mapper.readTree(query.bytes(), 0, query.length());
            if (node != null && !node.isMissingNode()) {
                return node;
            }
            problem = "unexpected end of input";
        } catch (IOException e) {
            problem = e.getMessage().split("\n", 2)[0];
        }
        throw ReplExit.uncaught("{\"message\": \"Could not parse JSON:\\n" + problem.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"}");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void flushQuietly(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            // The reader is gone; nothing left to tell it.
        }
    }
}
