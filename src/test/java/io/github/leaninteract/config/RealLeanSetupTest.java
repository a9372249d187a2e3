package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * Setup against the real REPL repository with a real Lean toolchain: clones from GitHub and builds
 * (minutes the first time). Runs when {@code lake} is on the PATH, and is skipped otherwise or when
 * {@code LEAN_INTERACT_SKIP_REAL_SETUP=1} (for a machine with Lean but no network); uses
 * {@code LEAN_INTERACT_CACHE} as the cache when set, else the default cache.
 */
@Tag("real-lean")
@DisabledIfEnvironmentVariable(named = "LEAN_INTERACT_SKIP_REAL_SETUP", matches = "1|true")
class RealLeanSetupTest {

    @BeforeAll
    static void needsLake() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                SetupFiles.findOnPath("lake", System.getenv("PATH")).isPresent(),
                "lake is not on the PATH; skipping the real-Lean setup test");
    }

    private static LeanReplConfig.Builder builder() {
        String cache = System.getenv("LEAN_INTERACT_CACHE");
        return LeanReplConfig.builder().cacheDirectory(cache == null ? null : Path.of(cache));
    }

    @Test
    void listsVersionsAndSetsUpARunnableRepl() throws Exception {
        LeanReplConfig probe = builder().build();
        List<LeanVersion> versions = probe.availableLeanVersions();
        assertTrue(versions.contains(LeanVersion.parse("v4.19.0")), versions.toString());

        LeanReplConfig config = builder().leanVersion("v4.19.0").build();
        ReplLaunch launch = config.prepareLaunch();

        assertEquals(LeanVersion.parse("v4.19.0"), config.setup().leanVersion());
        assertTrue(launch.command().get(2).endsWith("repl"), launch.command().toString());
        String answer = FakeLean.askOnce(launch);
        assertTrue(answer.startsWith("{"), answer + " (from " + String.join(File.separator, launch.command()) + ")");
    }
}
