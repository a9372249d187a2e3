package io.github.leaninteract.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For the recorded transcripts that stay within the simulator's tiny Lean, the simulator's output
 * is byte for byte what the real REPL printed.
 */
class ReplSimulatorTranscriptTest {

    private static Path transcripts() {
        for (String candidate : List.of("../shared/repl-transcripts", "../../shared/repl-transcripts")) {
            Path dir = Path.of(candidate);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return Path.of("../shared/repl-transcripts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"all_tactics-20250622", "assumption_proof", "dup_msg", "dup_sorries", "have_by_sorry",
            "import_lean", "invalid_tactic", "line_breaks", "no_goal_sorry_2", "proof_transitivity",
            "sorry_hypotheses", "tactic_mode_sorry", "tactic_sorry", "term_sorry", "unfinished_tactic_block",
            "unknown_environment", "unknown_proof_state", "unknown_tactic"})
    void outputMatchesTheRealRepl(String name) throws Exception {
        Path dir = transcripts();
        Assumptions.assumeTrue(Files.isDirectory(dir), dir + " not found, skipping");
        Process process = new ProcessBuilder(ReplSimulator.command())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
                try {
                    return process.getInputStream().readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try (var stdin = process.getOutputStream()) {
                stdin.write(Files.readAllBytes(dir.resolve(name + ".in")));
            }
            String actual = new String(output.get(20, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            assertEquals(Files.readString(dir.resolve(name + ".expected.out")), actual);
            assertEquals(0, process.exitValue());
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
