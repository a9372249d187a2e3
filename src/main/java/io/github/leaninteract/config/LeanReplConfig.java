package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to find, prepare and start a Lean REPL. Immutable; building one does no I/O.
 *
 * <pre>{@code
 * LeanReplConfig config = LeanReplConfig.builder()
 *     .replCommand(List.of("/opt/repl/.lake/build/bin/repl"))
 *     .memoryHardLimitMb(8192)
 *     .build();
 * }</pre>
 *
 * <p>Thread-safe: an instance can be shared by any number of servers and threads.
 */
public final class LeanReplConfig {

    private final List<String> replCommand;
    private final Path workingDirectory;
    private final Integer memoryHardLimitMb;
    private final String leanVersion;
    private final Path localReplPath;
    private final Path lakePath;
    private final boolean enableIncrementalOptimization;
    private final boolean enableParallelElaboration;

    private LeanReplConfig(Builder b) {
        this.replCommand = b.replCommand;
        this.workingDirectory = b.workingDirectory;
        this.memoryHardLimitMb = b.memoryHardLimitMb;
        this.leanVersion = b.leanVersion;
        this.localReplPath = b.localReplPath;
        this.lakePath = b.lakePath;
        this.enableIncrementalOptimization = b.enableIncrementalOptimization;
        this.enableParallelElaboration = b.enableParallelElaboration;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The exact argv to start as the REPL, or {@code null} when the REPL is set up from a checkout. */
    public List<String> replCommand() {
        return replCommand;
    }

    /** The directory the REPL runs in, or {@code null} for the default. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** The address-space limit of the REPL process in MiB, or {@code null} for none. */
    public Integer memoryHardLimitMb() {
        return memoryHardLimitMb;
    }

    /** The wanted Lean version such as {@code v4.19.0}, or {@code null} when not known. */
    public String leanVersion() {
        return leanVersion;
    }

    public Path localReplPath() {
        return localReplPath;
    }

    public Path lakePath() {
        return lakePath;
    }

    public boolean enableIncrementalOptimization() {
        return enableIncrementalOptimization;
    }

    public boolean enableParallelElaboration() {
        return enableParallelElaboration;
    }

    /** Whether commands get {@code incrementality: true} (enabled, and Lean v4.8.0-rc1 or newer or unknown). */
    public boolean appliesIncrementality() {
        return enableIncrementalOptimization;
    }

    /** Whether commands get the {@code Elab.async} option (enabled, and Lean v4.19.0 or newer or unknown). */
    public boolean appliesParallelElaboration() {
        return enableParallelElaboration;
    }

    /** Makes the REPL ready to start. Idempotent. */
    public void setup() {
        // Filled in by the setup work (issue 4).
    }

    /**
     * Returns how to start the REPL, running {@link #setup()} first when the REPL is not given as a command.
     */
    public ReplLaunch prepareLaunch() {
        if (replCommand != null) {
            return new ReplLaunch(replCommand, workingDirectory);
        }
        if (localReplPath != null) {
            setup();
            Path repl = localReplPath.resolve(".lake").resolve("build").resolve("bin").resolve("repl");
            Path dir = workingDirectory != null ? workingDirectory : localReplPath;
            return new ReplLaunch(List.of(lakePath.toString(), "env", repl.toString()), dir);
        }
        throw new IllegalStateException("Set replCommand or localReplPath");
    }

    /** Builds a {@link LeanReplConfig}. Not thread-safe; {@link #build()} takes a snapshot. */
    public static final class Builder {
        private List<String> replCommand;
        private Path workingDirectory;
        private Integer memoryHardLimitMb;
        private String leanVersion;
        private Path localReplPath;
        private Path lakePath = Path.of("lake");
        private boolean enableIncrementalOptimization = true;
        private boolean enableParallelElaboration = true;

        private Builder() {}

        public Builder replCommand(List<String> argv) {
            Objects.requireNonNull(argv, "argv");
            if (argv.isEmpty()) {
                throw new IllegalArgumentException("replCommand must name a program");
            }
            this.replCommand = List.copyOf(argv);
            return this;
        }

        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        public Builder memoryHardLimitMb(int mb) {
            if (mb <= 0) {
                throw new IllegalArgumentException("memoryHardLimitMb must be positive, was " + mb);
            }
            this.memoryHardLimitMb = mb;
            return this;
        }

        public Builder leanVersion(String version) {
            this.leanVersion = version;
            return this;
        }

        public Builder localReplPath(Path path) {
            this.localReplPath = path;
            return this;
        }

        public Builder lakePath(Path path) {
            this.lakePath = Objects.requireNonNull(path, "path");
            return this;
        }

        public Builder enableIncrementalOptimization(boolean enable) {
            this.enableIncrementalOptimization = enable;
            return this;
        }

        public Builder enableParallelElaboration(boolean enable) {
            this.enableParallelElaboration = enable;
            return this;
        }

        public LeanReplConfig build() {
            return new LeanReplConfig(this);
        }
    }
}
