package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link LeanReplConfig#setup()} prepared: how to start the REPL, and which Lean it runs. A value: it
 * says nothing about the config it came from beyond these facts, and servers decide everything else (such
 * as which options commands carry) from the config and this value together.
 *
 * <p>For a config with a {@link LeanReplConfig#replCommand() replCommand}, the launch is exactly that program
 * in the configured working directory, and there is no REPL folder, program or lake.
 *
 * <p>Immutable and thread-safe.
 *
 * @param leanVersion the Lean version of the REPL, or null when it is not known (a {@code replCommand} without
 *     a configured version or a readable {@code lean-toolchain} in its working directory; a local REPL whose
 *     {@code lean-toolchain} names no release)
 * @param launch how a server starts the REPL: the program and arguments, and the directory it runs in
 * @param replDirectory the REPL checkout, or null for a {@code replCommand}
 * @param replBinary the built REPL program inside it, or null for a {@code replCommand}
 * @param lake the lake program that starts it ({@code lake env <repl>}), or null for a {@code replCommand}
 */
public record ReplSetup(LeanVersion leanVersion, ReplLaunch launch, Path replDirectory, Path replBinary,
        Path lake) {

    public ReplSetup {
        Objects.requireNonNull(launch, "launch");
        if ((replDirectory == null) != (replBinary == null) || (replDirectory == null) != (lake == null)) {
            throw new IllegalArgumentException("replDirectory, replBinary and lake are all given (a REPL that was set"
                    + " up) or all null (a replCommand), was " + replDirectory + ", " + replBinary + ", " + lake);
        }
    }

    /**
     * Where the REPL runs: the project's folder, the REPL checkout without a project (or the configured
     * working directory of a local REPL), the working directory of a {@code replCommand}; null for the current
     * directory.
     */
    public Path workingDirectory() {
        return launch.workingDirectory();
    }
}
