package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to start one REPL process: the exact program and arguments, and the directory to start it in.
 *
 * @param command the argv of the REPL process, never empty
 * @param workingDirectory the directory the process starts in, or {@code null} for the current one
 */
public record ReplLaunch(List<String> command, Path workingDirectory) {

    public ReplLaunch {
        Objects.requireNonNull(command, "command");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("The REPL command must name a program");
        }
    }
}
