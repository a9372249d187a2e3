package io.github.leaninteract.support;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.leaninteract.config.LeanReplConfig;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the real-Lean tests (tag {@code real-lean}) find Lean, and what they do when it is not there:
 * skip, or, with the system property {@value #REQUIRE} set to {@code true} (the {@code lean} Maven
 * profile sets it), fail, so that a broken Lean install never passes for a green build.
 */
public final class RealLean {

    /** The system property that turns a missing Lean from a skip into a failure. */
    public static final String REQUIRE = "leaninteract.requireLean";
    /** The system property naming the Lean version to set the REPL up for when no command is given. */
    public static final String LEAN_VERSION = "leaninteract.leanVersion";
    /** The Lean version the real-Lean tests use when {@value #LEAN_VERSION} is not set. */
    public static final String DEFAULT_LEAN_VERSION = "v4.19.0";

    private RealLean() {}

    /** Whether a missing Lean fails the tests ({@value #REQUIRE}). */
    public static boolean required() {
        return Boolean.getBoolean(REQUIRE);
    }

    /** The Lean version the tests set up ({@value #LEAN_VERSION}, default {@value #DEFAULT_LEAN_VERSION}). */
    public static String leanVersion() {
        String v = System.getProperty(LEAN_VERSION);
        return v == null || v.isBlank() ? DEFAULT_LEAN_VERSION : v.trim();
    }

    /**
     * Goes on when {@code available}; else skips the test with {@code why}, or fails it when Lean is
     * required.
     */
    public static void assume(boolean available, String why) {
        if (available) {
            return;
        }
        if (required()) {
            fail(why + "; -D" + REQUIRE + "=true (the lean profile) requires real Lean: install it (elan) or "
                    + "set LEAN_REPL_COMMAND");
        }
        Assumptions.abort(why + ", skipping");
    }

    /** {@code lake} on the PATH, or elan's default {@code ~/.elan/bin/lake}. */
    public static Optional<Path> lake() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "lake"))) {
                    return Optional.of(Path.of(dir, "lake"));
                }
            }
        }
        Path elan = Path.of(System.getProperty("user.home"), ".elan", "bin", "lake");
        return Files.isExecutable(elan) ? Optional.of(elan) : Optional.empty();
    }

    /**
     * The config of the real REPL to test against: {@code LEAN_REPL_COMMAND} (a command line split at
     * spaces) run in {@code LEAN_REPL_DIR} when set; else, when {@value #LEAN_VERSION} is set and
     * {@code lake} is found, the REPL set up by the library for that version (cloned and built on first
     * use). Skips the test, or fails it when Lean is required, when there is neither.
     */
    public static LeanReplConfig replConfig() {
        String command = System.getenv("LEAN_REPL_COMMAND");
        if (command != null && !command.isBlank()) {
            LeanReplConfig.Builder b = LeanReplConfig.builder()
                    .replCommand(Arrays.asList(command.trim().split("\\s+")));
            String dir = System.getenv("LEAN_REPL_DIR");
            if (dir != null && !dir.isBlank()) {
                b.workingDirectory(Path.of(dir));
            }
            return b.build();
        }
        boolean versionGiven = System.getProperty(LEAN_VERSION) != null;
        Optional<Path> lake = lake();
        assume(versionGiven && lake.isPresent(), "no real Lean REPL: LEAN_REPL_COMMAND is not set"
                + (versionGiven ? " and lake is not on the PATH" : " and -D" + LEAN_VERSION + " is not given"));
        String cache = System.getenv("LEAN_INTERACT_CACHE");
        return LeanReplConfig.builder().leanVersion(leanVersion())
                .cacheDirectory(cache == null ? null : Path.of(cache)).build();
    }
}
