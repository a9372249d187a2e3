package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link LeanReplConfig#setup()}: where the REPL is and how it is started.
 *
 * @param leanVersion the Lean version the REPL was set up for, or null when a local REPL has no
 *     readable {@code lean-toolchain}
 * @param replDirectory the REPL checkout
 * @param replBinary the built REPL program inside it
 * @param workingDirectory where the REPL runs: the project's folder, or the REPL checkout without a project
 * @param lake the lake program that starts it ({@code lake env <repl>})
 */
public record ReplSetup(LeanVersion leanVersion, Path replDirectory, Path replBinary, Path workingDirectory,
        Path lake) {

    public ReplSetup {
        Objects.requireNonNull(replDirectory, "replDirectory");
        Objects.requireNonNull(replBinary, "replBinary");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(lake, "lake");
    }

    /** {@code [lake, env, <repl binary>]} in the working directory. */
    public ReplLaunch launch() {
        return new ReplLaunch(List.of(lake.toString(), "env", replBinary.toString()), workingDirectory);
    }
}
