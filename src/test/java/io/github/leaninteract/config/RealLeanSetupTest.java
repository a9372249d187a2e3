package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.support.RealLean;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * Setup against the real REPL repository with a real Lean toolchain: clones from GitHub and builds
 * (minutes the first time) the REPL for {@link RealLean#leanVersion()}. Runs when {@code lake} is on the
 * PATH, and is skipped otherwise (fails instead with {@code -Dleaninteract.requireLean=true}, as in the
 * {@code lean} profile), or when {@code LEAN_INTERACT_SKIP_REAL_SETUP=1} (for a machine with Lean but no
 * network); uses {@code LEAN_INTERACT_CACHE} as the cache when set, else the default cache.
 *
 * <p>With {@code -Dleaninteract.replEnvFile=FILE}, it writes the REPL it set up to FILE as
 * {@code LEAN_REPL_COMMAND=...} and {@code LEAN_REPL_DIR=...} lines, which CI appends to its environment
 * for the other real-Lean tests.
 */
@Tag("real-lean")
@DisabledIfEnvironmentVariable(named = "LEAN_INTERACT_SKIP_REAL_SETUP", matches = "1|true")
class RealLeanSetupTest {

    @BeforeAll
    static void needsLake() {
        RealLean.assume(RealLean.lake().isPresent(), "lake is not on the PATH (nor in ~/.elan/bin)");
    }

    private static LeanReplConfig.Builder builder() {
        String cache = System.getenv("LEAN_INTERACT_CACHE");
        return LeanReplConfig.builder().cacheDirectory(cache == null ? null : Path.of(cache));
    }

    @Test
    void listsVersionsAndSetsUpARunnableRepl() throws Exception {
        String version = RealLean.leanVersion();
        LeanReplConfig probe = builder().build();
        List<LeanVersion> versions = probe.availableLeanVersions();
        assertTrue(versions.contains(LeanVersion.parse(version)), versions.toString());

        LeanReplConfig config = builder().leanVersion(version).build();
        ReplLaunch launch = config.prepareLaunch();

        assertEquals(LeanVersion.parse(version), config.setup().leanVersion());
        assertTrue(launch.command().get(2).endsWith("repl"), launch.command().toString());
        String answer = FakeLean.askOnce(launch);
        assertTrue(answer.startsWith("{"), answer + " (from " + String.join(File.separator, launch.command()) + ")");

        String envFile = System.getProperty("leaninteract.replEnvFile");
        if (envFile != null && !envFile.isBlank()) {
            String lines = "LEAN_REPL_COMMAND=" + String.join(" ", launch.command()) + "\n"
                    + (launch.workingDirectory() == null ? "" : "LEAN_REPL_DIR=" + launch.workingDirectory() + "\n");
            Path file = Path.of(envFile).toAbsolutePath();
            Files.createDirectories(file.getParent());
            Files.writeString(file, lines, StandardCharsets.UTF_8);
        }
    }
}
