package io.github.leaninteract.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to find, prepare and start a Lean REPL: either a program given as is
 * ({@link Builder#replCommand(List)}), or a REPL that {@link #setup()} fetches from git, checks out
 * for the wanted Lean version and builds, optionally inside a {@link LeanProject}.
 *
 * <pre>{@code
 * // The REPL for Lean v4.19.0, cloned and built in ~/.cache/lean-interact on first use:
 * LeanReplConfig config = LeanReplConfig.builder().leanVersion("v4.19.0").build();
 *
 * // Mathlib available to `import Mathlib`:
 * LeanReplConfig withMathlib = LeanReplConfig.builder()
 *     .project(TempRequireProject.mathlib().withLeanVersion("v4.19.0"))
 *     .build();
 *
 * // A REPL program you built yourself:
 * LeanReplConfig own = LeanReplConfig.builder()
 *     .replCommand(List.of("/opt/repl/.lake/build/bin/repl"))
 *     .memoryHardLimitMb(8192)
 *     .build();
 * }</pre>
 *
 * <p>A config is a value: immutable, {@link #equals equal} when its settings are, and it behaves the
 * same whenever it is used, before or after a setup. {@link Builder#build()} does no I/O: nothing is
 * cloned, created or built until {@link #setup()} (which servers call on start). Setup is a step that
 * produces its own value, a {@link ReplSetup} (the REPL folder, the working directory, the Lean
 * version, the program to start), and leaves the config as it was. Setup works as LeanInteract's: a
 * clean clone of the REPL repository in the cache; the tag {@code <revision>_lean-toolchain-<version>}
 * checked out when it exists, else the revision itself, whose {@code lean-toolchain} must then name the
 * wanted version; a copy per version, built with {@code lake build}. Every step runs under a
 * cross-process file lock in the cache, so several JVMs may set up at once: one does the work and the
 * others reuse it.
 *
 * <p>Thread-safe: an instance can be shared by any number of servers and threads. Within one JVM,
 * setups of equal configs are done once and their result reused (see {@link #setup()}).
 */
public final class LeanReplConfig {

    /** The REPL repository LeanInteract uses: the Lean REPL with tags per Lean version. */
    public static final String DEFAULT_REPL_GIT_URL = "https://github.com/augustepoiroux/repl";
    /** The REPL revision LeanInteract uses. */
    public static final String DEFAULT_REPL_REVISION = "v1.3.14";

    private final List<String> replCommand;
    private final Path workingDirectory;
    private final Integer memoryHardLimitMb;
    private final LeanVersion leanVersion;
    private final LeanProject project;
    private final Path localReplPath;
    private final Path lakePath;
    private final Path gitPath;
    private final Path cacheDirectory;
    private final String replGitUrl;
    private final String replRevision;
    private final boolean buildRepl;
    private final boolean forcePullRepl;
    private final boolean enableIncrementalOptimization;
    private final boolean enableParallelElaboration;
    private final Duration lockTimeout;
    private final Duration buildTimeout;

    private LeanReplConfig(Builder b) {
        this.replCommand = b.replCommand;
        this.workingDirectory = b.workingDirectory;
        this.memoryHardLimitMb = b.memoryHardLimitMb;
        this.leanVersion = b.leanVersion;
        this.project = b.project;
        this.localReplPath = b.localReplPath;
        this.lakePath = b.lakePath;
        this.gitPath = b.gitPath;
        this.cacheDirectory = b.cacheDirectory != null ? b.cacheDirectory : defaultCacheDirectory();
        this.replGitUrl = b.replGitUrl;
        this.replRevision = b.replRevision;
        this.buildRepl = b.buildRepl;
        this.forcePullRepl = b.forcePullRepl;
        this.enableIncrementalOptimization = b.enableIncrementalOptimization;
        this.enableParallelElaboration = b.enableParallelElaboration;
        this.lockTimeout = b.lockTimeout;
        this.buildTimeout = b.buildTimeout;
    }

    /** A builder with LeanInteract's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The cache LeanInteract uses when none is set: {@code $XDG_CACHE_HOME/lean-interact}, else
     * {@code ~/.cache/lean-interact}.
     */
    public static Path defaultCacheDirectory() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "lean-interact");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "lean-interact");
    }

    /** The exact argv to start as the REPL, or {@code null} when the REPL is set up from a checkout. */
    public List<String> replCommand() {
        return replCommand;
    }

    /** The directory a {@link #replCommand()} runs in, or {@code null} for the current one. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** The address-space limit of the REPL process in MiB, or {@code null} for none. */
    public Integer memoryHardLimitMb() {
        return memoryHardLimitMb;
    }

    /**
     * The configured Lean version, such as {@code v4.19.0}, or {@code null} when none was configured (the
     * version then comes from the project, the newest the REPL has, or the {@code lean-toolchain} where a
     * {@code replCommand} runs: {@link ReplSetup#leanVersion()} of {@link #setup()} tells which it is).
     */
    public String leanVersion() {
        return leanVersion == null ? null : leanVersion.toString();
    }

    /** The configured Lean version, or null. */
    LeanVersion configuredLeanVersion() {
        return leanVersion;
    }

    /** The project the REPL runs in, or {@code null} for none. */
    public LeanProject project() {
        return project;
    }

    /** A REPL checkout used instead of cloning one, or {@code null}. */
    public Path localReplPath() {
        return localReplPath;
    }

    /** The configured lake, or {@code null} for {@code lake} on the PATH, falling back to {@code ~/.elan/bin/lake}. */
    public Path lakePath() {
        return lakePath;
    }

    /** The git program (default {@code git} from the PATH). */
    public Path gitPath() {
        return gitPath;
    }

    /** Where clones, REPL builds, temporary projects and lock files are kept. */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** The git URL of the REPL repository that setup clones. */
    public String replGitUrl() {
        return replGitUrl;
    }

    /** The REPL revision (tag, branch or commit) that setup checks out. */
    public String replRevision() {
        return replRevision;
    }

    /** Whether setup runs {@code lake build} on the REPL. */
    public boolean buildRepl() {
        return buildRepl;
    }

    /** Whether setup fetches the REPL repository even when the revision is already there. */
    public boolean forcePullRepl() {
        return forcePullRepl;
    }

    /** Whether commands ask for incremental elaboration (see {@link #appliesIncrementality(ReplSetup)}). */
    public boolean enableIncrementalOptimization() {
        return enableIncrementalOptimization;
    }

    /** Whether commands set {@code Elab.async} (see {@link #appliesParallelElaboration(ReplSetup)}). */
    public boolean enableParallelElaboration() {
        return enableParallelElaboration;
    }

    /** The longest wait for another thread or process that holds a lock of the cache. */
    public Duration lockTimeout() {
        return lockTimeout;
    }

    /** The longest one {@code lake} command (build, update, cache download) may run. */
    public Duration buildTimeout() {
        return buildTimeout;
    }

    /**
     * Whether the commands sent to the REPL that {@code setup} prepared get {@code incrementality: true}:
     * enabled, and the REPL's Lean version is at least {@link LeanVersion#INCREMENTALITY_SINCE v4.8.0-rc1}.
     * When the version is unknown, a REPL set up from the REPL repository gets it (it is a recent one);
     * a {@code replCommand} does not (an older REPL could refuse every command that carries it).
     *
     * @param setup what {@link #setup()} returned for this config
     */
    public boolean appliesIncrementality(ReplSetup setup) {
        return enableIncrementalOptimization && supports(setup, LeanVersion.INCREMENTALITY_SINCE);
    }

    /**
     * Whether the commands sent to the REPL that {@code setup} prepared get the {@code Elab.async} option:
     * enabled, and the REPL's Lean version is at least {@link LeanVersion#PARALLEL_ELABORATION_SINCE v4.19.0};
     * an unknown version counts as in {@link #appliesIncrementality(ReplSetup)}.
     *
     * @param setup what {@link #setup()} returned for this config
     */
    public boolean appliesParallelElaboration(ReplSetup setup) {
        return enableParallelElaboration && supports(setup, LeanVersion.PARALLEL_ELABORATION_SINCE);
    }

    private boolean supports(ReplSetup setup, LeanVersion since) {
        Objects.requireNonNull(setup, "setup");
        LeanVersion version = setup.leanVersion();
        return version == null ? replCommand == null : version.isAtLeast(since);
    }

    /**
     * Makes the REPL ready and says how to start it: prepares the project, clones and checks out the REPL,
     * builds both as needed. With a {@link #replCommand()}, nothing is set up: the result is that program in
     * {@link #workingDirectory()}, for the configured Lean version, else the one a {@code lean-toolchain}
     * file there names. The config itself is not changed.
     *
     * <p>Idempotent, and cheap after the first time: every step is remembered on disk (a second JVM reuses
     * the clone and the build), and within one JVM the result is remembered per config value, so a second
     * call with this config or an equal one returns at once (and is set up again only when the folders it
     * made are gone). Safe when several threads or processes set up on the same cache at once (they wait
     * for each other, up to {@link #lockTimeout()}, and reuse the result). May take minutes the first time
     * (builds), and use the network. A {@link LocalProject} changed since is not built again by a remembered
     * setup: use {@link #buildProject(boolean)}.
     *
     * @return where the REPL is, where it runs, its Lean version, and the program to start
     * @throws LeanSetupException when a step fails; its message says what to do
     */
    public ReplSetup setup() {
        return setup(SetupListener.NONE);
    }

    /**
     * Like {@link #setup()}, telling {@code listener} each step (clone, checkout, build) and each line the
     * tools print, so that a long build can show progress. When the result is remembered already, returns
     * at once without calling the listener.
     *
     * @return where the REPL is, where it runs, its Lean version, and the program to start
     * @throws LeanSetupException when a step fails; its message says what to do
     */
    public ReplSetup setup(SetupListener listener) {
        Objects.requireNonNull(listener, "listener");
        return SetupProcedure.setUp(this, listener);
    }

    /**
     * How to start the REPL: {@code setup().launch()}. With a {@link #replCommand()}, exactly that program
     * in {@link #workingDirectory()}; otherwise {@code [lake, env, <repl>/.lake/build/bin/repl]} in the
     * project's folder (or the REPL checkout, or the working directory given with a local REPL).
     *
     * @throws LeanSetupException when setup fails
     */
    public ReplLaunch prepareLaunch() {
        return setup().launch();
    }

    /**
     * The Lean versions the configured REPL repository has tags for
     * ({@code <revision>_lean-toolchain-<version>}), oldest first; for a repository without such
     * tags, the one version of the revision; for a {@link #localReplPath()}, the version of that
     * checkout. Clones the repository into the cache when it is not there yet (network).
     *
     * @throws IllegalStateException with a {@link #replCommand()}, which has no repository
     * @throws LeanSetupException when the repository cannot be cloned
     */
    public List<LeanVersion> availableLeanVersions() {
        return availableLeanVersions(SetupListener.NONE);
    }

    /**
     * Like {@link #availableLeanVersions()}, telling {@code listener} about the clone or fetch it may need.
     *
     * @throws IllegalStateException with a {@link #replCommand()}, which has no repository
     * @throws LeanSetupException when the repository cannot be cloned
     */
    public List<LeanVersion> availableLeanVersions(SetupListener listener) {
        Objects.requireNonNull(listener, "listener");
        return SetupProcedure.availableVersions(this, listener);
    }

    /**
     * The folder of the configured project: a {@link LocalProject}'s own; a {@link GitProject}'s clone;
     * the folder a temporary project is made in. It may not exist before {@link #setup()}.
     *
     * @return empty when there is no project
     * @throws IllegalStateException for a temporary project without a Lean version or a directory,
     *     whose folder depends on the version {@link #setup()} chooses: it is then
     *     {@code setup().workingDirectory()}
     */
    public Optional<Path> projectDirectory() {
        return SetupProcedure.projectDirectory(this);
    }

    /**
     * The Lean version the {@code lean-toolchain} file of the project names.
     *
     * @return empty when there is no project, or its folder or {@code lean-toolchain} does not exist
     *     yet (before setup), or the file names no Lean release (a nightly, say)
     * @throws IllegalStateException as {@link #projectDirectory()}
     */
    public Optional<LeanVersion> projectLeanVersion() {
        return projectDirectory().flatMap(SetupFiles::toolchainVersion);
    }

    /**
     * Builds the configured project now, whatever its {@code build} setting says: {@code lake update}
     * (with {@code update}), {@code lake exe cache get} (allowed to fail) and {@code lake build} in its
     * folder, after cloning a {@link GitProject} or creating a temporary project when needed. Does not
     * set up the REPL, except for a temporary project without a Lean version: its version is the one
     * {@link #setup()} chooses, so that runs first. Safe when other processes prepare the same project
     * (a lock per project).
     *
     * @param update whether to run {@code lake update} first (newer dependencies within the lakefile's bounds)
     * @return the project's folder
     * @throws IllegalStateException without a project
     * @throws LeanSetupException when a step fails
     */
    public Path buildProject(boolean update) {
        return buildProject(update, SetupListener.NONE);
    }

    /**
     * Like {@link #buildProject(boolean)}, telling {@code listener} each step and each line of the tools' output.
     *
     * @param update whether to run {@code lake update} first
     * @param listener told each step and each line of output
     * @return the project's folder
     * @throws IllegalStateException as {@link #buildProject(boolean)}
     * @throws LeanSetupException when a step fails
     */
    public Path buildProject(boolean update, SetupListener listener) {
        Objects.requireNonNull(listener, "listener");
        return SetupProcedure.buildProject(this, update, listener);
    }

    /** Equal when every setting is equal: such configs set up, start and talk to the same REPL. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof LeanReplConfig c
                && Objects.equals(replCommand, c.replCommand)
                && Objects.equals(workingDirectory, c.workingDirectory)
                && Objects.equals(memoryHardLimitMb, c.memoryHardLimitMb)
                && Objects.equals(leanVersion, c.leanVersion)
                && Objects.equals(project, c.project)
                && Objects.equals(localReplPath, c.localReplPath)
                && Objects.equals(lakePath, c.lakePath)
                && Objects.equals(gitPath, c.gitPath)
                && Objects.equals(cacheDirectory, c.cacheDirectory)
                && Objects.equals(replGitUrl, c.replGitUrl)
                && Objects.equals(replRevision, c.replRevision)
                && buildRepl == c.buildRepl
                && forcePullRepl == c.forcePullRepl
                && enableIncrementalOptimization == c.enableIncrementalOptimization
                && enableParallelElaboration == c.enableParallelElaboration
                && Objects.equals(lockTimeout, c.lockTimeout)
                && Objects.equals(buildTimeout, c.buildTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(replCommand, workingDirectory, memoryHardLimitMb, leanVersion, project, localReplPath,
                lakePath, gitPath, cacheDirectory, replGitUrl, replRevision, buildRepl, forcePullRepl,
                enableIncrementalOptimization, enableParallelElaboration, lockTimeout, buildTimeout);
    }

    @Override
    public String toString() {
        if (replCommand != null) {
            return "LeanReplConfig[replCommand=" + replCommand + ", workingDirectory=" + workingDirectory
                    + ", leanVersion=" + leanVersion + "]";
        }
        return "LeanReplConfig[leanVersion=" + leanVersion + ", project=" + project
                + (localReplPath != null ? ", localReplPath=" + localReplPath
                        : ", repl=" + replGitUrl + "@" + replRevision)
                + ", cache=" + cacheDirectory + "]";
    }

    /**
     * Builds a {@link LeanReplConfig}. Impossible values are rejected by the setters, conflicting
     * combinations by {@link #build()}, both with {@link IllegalArgumentException}. Not thread-safe;
     * {@code build()} takes a snapshot.
     */
    public static final class Builder {
        private List<String> replCommand;
        private Path workingDirectory;
        private Integer memoryHardLimitMb;
        private LeanVersion leanVersion;
        private LeanProject project;
        private Path localReplPath;
        private Path lakePath;
        private Path gitPath = Path.of("git");
        private Path cacheDirectory;
        private String replGitUrl = DEFAULT_REPL_GIT_URL;
        private String replRevision = DEFAULT_REPL_REVISION;
        private boolean replSourceSet;
        private boolean buildRepl = true;
        private boolean forcePullRepl;
        private boolean enableIncrementalOptimization = true;
        private boolean enableParallelElaboration = true;
        private Duration lockTimeout = Duration.ofHours(1);
        private Duration buildTimeout = Duration.ofHours(1);

        private Builder() {}

        /** Starts exactly this program as the REPL, with no setup; excludes project and localReplPath. */
        public Builder replCommand(List<String> argv) {
            Objects.requireNonNull(argv, "argv");
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                throw new IllegalArgumentException("replCommand must name a program, was " + argv);
            }
            this.replCommand = List.copyOf(argv);
            return this;
        }

        /**
         * The directory the REPL runs in: for a {@link #replCommand(List)} (null: the current one), or for a
         * {@link #localReplPath(Path)} checkout (null: the checkout itself). Not with a project.
         */
        public Builder workingDirectory(Path dir) {
            this.workingDirectory = dir;
            return this;
        }

        /** Limits the REPL's address space to this many MiB (Linux); no limit by default. */
        public Builder memoryHardLimitMb(int mb) {
            if (mb <= 0) {
                throw new IllegalArgumentException("memoryHardLimitMb must be positive, was " + mb);
            }
            this.memoryHardLimitMb = mb;
            return this;
        }

        /**
         * The Lean version, such as {@code v4.19.0} or {@code leanprover/lean4:v4.8.0-rc1}; null (the
         * default) for the newest one the REPL has. Not with a project (its version comes from the project).
         * With a replCommand, it tells which options that REPL supports.
         *
         * @throws IllegalArgumentException when the text is not a Lean version
         */
        public Builder leanVersion(String version) {
            this.leanVersion = version == null ? null : LeanVersion.parse(version);
            return this;
        }

        /** Like {@link #leanVersion(String)}. */
        public Builder leanVersion(LeanVersion version) {
            this.leanVersion = version;
            return this;
        }

        /** The project the REPL runs in (null: none, only Lean's own library). */
        public Builder project(LeanProject project) {
            this.project = project;
            return this;
        }

        /** Uses this REPL checkout instead of cloning one (built unless {@code buildRepl(false)}). */
        public Builder localReplPath(Path path) {
            this.localReplPath = path;
            return this;
        }

        /** The lake program (null: {@code lake} on the PATH, else {@code ~/.elan/bin/lake}). */
        public Builder lakePath(Path path) {
            this.lakePath = path;
            return this;
        }

        /** The git program; {@code git} (from the PATH) by default. */
        public Builder gitPath(Path path) {
            this.gitPath = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Where to keep clones, builds and lock files (null: {@link LeanReplConfig#defaultCacheDirectory()}). */
        public Builder cacheDirectory(Path dir) {
            this.cacheDirectory = dir == null ? null : dir.toAbsolutePath().normalize();
            return this;
        }

        /** The REPL repository ({@value LeanReplConfig#DEFAULT_REPL_GIT_URL} by default); any URL or path git accepts. */
        public Builder replGitUrl(String url) {
            this.replGitUrl = requireText(url, "replGitUrl");
            this.replSourceSet = true;
            return this;
        }

        /** The REPL revision ({@value LeanReplConfig#DEFAULT_REPL_REVISION} by default). */
        public Builder replRevision(String revision) {
            this.replRevision = requireText(revision, "replRevision");
            this.replSourceSet = true;
            return this;
        }

        /** Whether setup builds the REPL (default true); false when it is built already. */
        public Builder buildRepl(boolean build) {
            this.buildRepl = build;
            return this;
        }

        /** Whether every setup fetches the REPL repository first (default false: only when a revision is missing). */
        public Builder forcePullRepl(boolean forcePull) {
            this.forcePullRepl = forcePull;
            return this;
        }

        /** Whether commands reuse earlier elaboration ({@code incrementality}; default true, Lean v4.8.0-rc1+). */
        public Builder enableIncrementalOptimization(boolean enable) {
            this.enableIncrementalOptimization = enable;
            return this;
        }

        /** Whether commands elaborate in parallel ({@code Elab.async}; default true, Lean v4.19.0+). */
        public Builder enableParallelElaboration(boolean enable) {
            this.enableParallelElaboration = enable;
            return this;
        }

        /** The longest wait for a cache lock held by another thread or process (default 1 hour). */
        public Builder lockTimeout(Duration timeout) {
            this.lockTimeout = requirePositive(timeout, "lockTimeout");
            return this;
        }

        /** The longest one lake command may run (default 1 hour). */
        public Builder buildTimeout(Duration timeout) {
            this.buildTimeout = requirePositive(timeout, "buildTimeout");
            return this;
        }

        /**
         * Checks that the settings fit together and takes a snapshot. No I/O.
         *
         * @throws IllegalArgumentException for conflicting settings
         */
        public LeanReplConfig build() {
            if (replCommand != null && (project != null || localReplPath != null)) {
                throw new IllegalArgumentException("replCommand starts the given program as the REPL and cannot be"
                        + " combined with " + (project != null ? "project" : "localReplPath")
                        + "; to run a REPL in a project, drop replCommand (LeanInteract then sets up the REPL)");
            }
            if (project != null && leanVersion != null) {
                throw new IllegalArgumentException("leanVersion cannot be set together with a project: the version"
                        + " comes from the project's lean-toolchain (for TemporaryProject and TempRequireProject,"
                        + " use withLeanVersion(...) on the project)");
            }
            if (workingDirectory != null && replCommand == null && localReplPath == null) {
                throw new IllegalArgumentException("workingDirectory applies to replCommand and localReplPath only;"
                        + " a REPL set up from git runs in its project's folder (use a LocalProject to choose it)");
            }
            if (workingDirectory != null && project != null) {
                throw new IllegalArgumentException("workingDirectory cannot be set together with a project: the REPL"
                        + " runs in the project's folder, so that its imports resolve");
            }
            if (localReplPath != null && (replSourceSet || forcePullRepl)) {
                throw new IllegalArgumentException("localReplPath uses that checkout as it is; replGitUrl,"
                        + " replRevision and forcePullRepl would be ignored, so do not set them with it");
            }
            return new LeanReplConfig(this);
        }

        private static String requireText(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value.strip();
        }

        private static Duration requirePositive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + d);
            }
            return d;
        }
    }
}
