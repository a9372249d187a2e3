package io.github.leaninteract.demo;

import io.github.leaninteract.config.LeanReplConfig;
import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.protocol.ProofStep;
import io.github.leaninteract.protocol.ProofStepResponse;
import io.github.leaninteract.server.AutoLeanServer;
import io.github.leaninteract.sessioncache.PickleSessionCache;
import io.github.leaninteract.testing.ReplSimulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;

import java.util.Map;
import java.util.stream.Stream;

/**
 * A short tour of the library, shipped in the jar: {@code java -jar lean-interact-<version>.jar demo}.
 *
 * <p>It talks to a real Lean REPL when one is configured, through the environment: {@code LEAN_REPL_COMMAND}
 * (the REPL's command line, split at spaces; {@code LEAN_REPL_DIR} optionally names the directory to run
 * it in), or {@code LEAN_REPL_PATH} (a built REPL checkout, run with {@code lake env}). Otherwise it uses
 * the {@link ReplSimulator} and says so. It runs a command, a tactic and an error case, then caches an
 * environment and a proof state, crashes the REPL on purpose, and shows both restored.
 */
public final class Demo {

    private final PrintStream out;
    private final LeanReplConfig config;
    private final boolean simulated;

    private Demo(PrintStream out, LeanReplConfig config, boolean simulated) {
        this.out = out;
        this.config = config;
        this.simulated = simulated;
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 0 && !args[0].equals("demo")) {
            System.err.println("usage: java -jar lean-interact.jar [demo]");
            System.exit(2);
        }
        // Without a logging binding on the class path SLF4J would warn about it; the demo needs no logs.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        run(out, System.getenv());
    }

    /** Runs the tour, printing to {@code out}; the REPL is chosen from {@code env} as the class says. */
    public static void run(PrintStream out, Map<String, String> env) throws IOException {
        String command = env.get("LEAN_REPL_COMMAND");
        String replPath = env.get("LEAN_REPL_PATH");
        Demo demo;
        if (command != null && !command.isBlank()) {
            LeanReplConfig.Builder b = LeanReplConfig.builder()
                    .replCommand(Arrays.asList(command.trim().split("\\s+")));
            if (env.get("LEAN_REPL_DIR") != null) {
                b.workingDirectory(Path.of(env.get("LEAN_REPL_DIR")));
            }
            out.println("Talking to the Lean REPL started as: " + command);
            demo = new Demo(out, b.build(), false);
        } else if (replPath != null && !replPath.isBlank()) {
            out.println("Talking to the Lean REPL built in " + replPath + " (through lake env)");
            demo = new Demo(out, LeanReplConfig.builder().localReplPath(Path.of(replPath)).buildRepl(false).build(), false);
        } else {
            out.println("No Lean REPL configured (set LEAN_REPL_COMMAND or LEAN_REPL_PATH):");
            out.println("talking to ReplSimulator, a simulated REPL for tests. It is not Lean and proves nothing.");
            demo = new Demo(out, LeanReplConfig.builder().replCommand(ReplSimulator.command()).build(), true);
        }
        demo.tour();
    }

    private void tour() throws IOException {
        Path work = Files.createTempDirectory("lean-interact-demo");
        try (PickleSessionCache cache = new PickleSessionCache(work);
             AutoLeanServer server = AutoLeanServer.builder(config).sessionCache(cache).build()) {
            out.println();
            out.println("1. A command");
            CommandResponse thm = show(server, Command.of(
                    "theorem self_eq (n : Nat) : n = n := by sorry"), false).asCommand();
            int proofState = thm.sorries().get(0).proofState();

            out.println("2. A tactic on the proof state the sorry opened");
            show(server, new ProofStep(proofState, "rfl"), false);

            out.println("3. An error: a tactic Lean does not know");
            show(server, new ProofStep(proofState, "no_such_tactic"), false);

            out.println("4. The session cache: an environment and a proof state under negative ids");
            CommandResponse env = show(server, Command.of("def secret : Nat := 4242"), true).asCommand();
            CommandResponse goal = show(server,
                    Command.of("theorem uses_secret (n : Nat) : n = n := by sorry").withEnv(env.env()), false)
                    .asCommand();
            ProofStepResponse step = show(server,
                    new ProofStep(goal.sorries().get(0).proofState(), "have h : secret = 4242 := rfl"), true)
                    .asProofStep();

            out.println("5. Crashing the REPL on purpose (pid " + server.pid() + ")");
            server.kill();
            out.println("   alive: " + server.isAlive());

            out.println("6. The cached ids still work: the server restarts and restores them");
            show(server, Command.of("#eval secret").withEnv(env.env()), false);
            show(server, new ProofStep(step.proofState(), "skip"), false);
            show(server, new ProofStep(step.proofState(), "rfl"), false);
            out.println("   new REPL pid " + server.pid() + ", cached states " + cache.keys());
        } finally {
            deleteTree(work);
        }
        if (simulated) {
            out.println();
            out.println("(All answers above came from ReplSimulator, not from Lean.)");
        }
    }

    private LeanResponse show(AutoLeanServer server, io.github.leaninteract.protocol.LeanRequest request, boolean cache) {
        out.println("   -> " + LeanJson.writeRequest(request) + (cache ? "   (cached)" : ""));
        LeanResponse response = server.run(request, Duration.ofMinutes(5), cache);
        out.println("   <- " + LeanJson.writeTree(LeanJson.toTree(response)));
        out.println();
        return response;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

}
