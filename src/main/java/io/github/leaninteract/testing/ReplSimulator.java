package io.github.leaninteract.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

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
 *   <li>{@code import A B} — only in a request without {@code env}, before any other command;
 *       otherwise the error {@code invalid 'import' command, it must be used in the beginning of the
 *       file}. Any module name is accepted and recorded in the environment.</li>
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
 * <h2>Options (after the main class)</h2>
 * {@code --record FILE} appends every received request (the joined JSON text, also when it does not
 * parse; not comments) to FILE, one per line, flushed at once: see {@link #readRecording(Path)}.
 * {@code --fail-on-start} prints a reason on stderr and exits with 3 at once. {@code --no-blank-line}
 * answers in the style of old REPLs: compact one-line JSON with no blank line after.
 * {@code --startup-delay MS} waits before reading input. {@code --unpickle-delay MS} waits before answering
 * each unpickle request (a slow unpickle). Unknown options: usage on stderr, exit 2.
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

    /** The argv that starts the simulator with the current JVM and class path. */
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
        argv.add(System.getProperty("java.class.path"));
        argv.add(ReplSimulator.class.getName());
        for (String option : simulatorOptions) {
            argv.add(java.util.Objects.requireNonNull(option, "simulator option"));
        }
        return List.copyOf(argv);
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
        SimulatedRepl repl = new SimulatedRepl(new FaultInjector(stderr, stdout));
        try (OutputStream recording = options.recordFile() == null ? null
                : Files.newOutputStream(options.recordFile(), StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            QueryReader.Query query;
            while ((query = reader.next()) != null) {
                if (query.startsWith("#") || query.startsWith("--")) {
                    continue;
                }
                if (recording != null) {
                    recording.write(query.bytes(), 0, query.length());
                    recording.write('\n');
                    recording.flush();
                }
                JsonNode request = parse(mapper, query);
                reader.release();
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
