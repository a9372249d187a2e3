package io.github.leaninteract.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>The settings are immutable and {@link Builder#build()} does no I/O: nothing is cloned,
 * created or built until {@link #setup()} (or {@link #prepareLaunch()}, which servers call on
 * start). Setup works as LeanInteract's: a clean clone of the REPL repository in the cache;
 * the tag {@code <revision>_lean-toolchain-<version>} checked out when it exists, else the
 * revision itself, whose {@code lean-toolchain} must then name the wanted version; a copy per
 * version, built with {@code lake build}. Every step runs under a cross-process file lock in the
 * cache, so several JVMs may set up at once: one does the work and the others reuse it.
 *
 * <p>Thread-safe: an instance can be shared by any number of servers and threads; {@code setup()}
 * runs at most once successfully per instance and its result is kept.
 */
public final class LeanReplConfig {

    /** The REPL repository LeanInteract uses: the Lean REPL with tags per Lean version. */
    public static final String DEFAULT_REPL_GIT_URL = "https://github.com/augustepoiroux/repl";
    /** The REPL revision LeanInteract uses. */
    public static final String DEFAULT_REPL_REVISION = "v1.3.14";

    private static final Logger LOG = LoggerFactory.getLogger(LeanReplConfig.class);
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);

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

    private final Object setupLock = new Object();
    private volatile ReplSetup setupResult;

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
     * The Lean version such as {@code v4.19.0}: once {@link #setup()} has run, the version it set
     * up (from the project, or the newest available when none was asked for); before, the one
     * configured; {@code null} when not known.
     */
    public String leanVersion() {
        LeanVersion v = resolvedVersion();
        return v == null ? null : v.toString();
    }

    private LeanVersion resolvedVersion() {
        ReplSetup done = setupResult;
        return done != null && done.leanVersion() != null ? done.leanVersion() : leanVersion;
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

    /** Whether commands ask for incremental elaboration (see {@link #appliesIncrementality()}). */
    public boolean enableIncrementalOptimization() {
        return enableIncrementalOptimization;
    }

    /** Whether commands set {@code Elab.async} (see {@link #appliesParallelElaboration()}). */
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
     * Whether commands get {@code incrementality: true}: enabled, and the Lean version is unknown
     * or at least {@link LeanVersion#INCREMENTALITY_SINCE v4.8.0-rc1}.
     */
    public boolean appliesIncrementality() {
        LeanVersion v = resolvedVersion();
        return enableIncrementalOptimization && (v == null || v.isAtLeast(LeanVersion.INCREMENTALITY_SINCE));
    }

    /**
     * Whether commands get the {@code Elab.async} option: enabled, and the Lean version is unknown
     * or at least {@link LeanVersion#PARALLEL_ELABORATION_SINCE v4.19.0}.
     */
    public boolean appliesParallelElaboration() {
        LeanVersion v = resolvedVersion();
        return enableParallelElaboration && (v == null || v.isAtLeast(LeanVersion.PARALLEL_ELABORATION_SINCE));
    }

    /** What {@link #setup()} prepared, or empty before it has run (and always with a {@link #replCommand()}). */
    public Optional<ReplSetup> setupResult() {
        return Optional.ofNullable(setupResult);
    }

    /**
     * Makes the REPL ready: prepares the project, clones and checks out the REPL, builds both as
     * needed. Idempotent: later calls return at once; safe when several threads or processes set up
     * on the same cache at once (they wait for each other and reuse the result). Does nothing when
     * a {@link #replCommand()} is given. May take minutes the first time (builds), and use the network.
     *
     * @throws LeanSetupException when a step fails; its message says what to do
     */
    public void setup() {
        setup(SetupListener.NONE);
    }

    /**
     * Like {@link #setup()}, telling {@code listener} each step (clone, checkout, build) and each
     * line the tools print, so that a long build can show progress. When the setup has run already,
     * returns at once without calling the listener.
     *
     * @throws LeanSetupException when a step fails; its message says what to do
     */
    public void setup(SetupListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (replCommand != null || setupResult != null) {
            return;
        }
        synchronized (setupLock) {
            if (setupResult == null) {
                setupResult = runSetup(listener);
            }
        }
    }

    /**
     * How to start the REPL; what a server calls on each start. With a {@link #replCommand()}, exactly
     * that program in {@link #workingDirectory()}, without any setup; otherwise {@link #setup()} runs
     * if it has not yet, and the launch is {@code [lake, env, <repl>/.lake/build/bin/repl]} in the
     * project's folder (or the REPL checkout without a project).
     *
     * @throws LeanSetupException when setup fails
     */
    public ReplLaunch prepareLaunch() {
        if (replCommand != null) {
            return new ReplLaunch(replCommand, workingDirectory);
        }
        setup();
        ReplLaunch launch = setupResult.launch();
        // A local checkout may be run in another folder (where the files it is given live).
        return workingDirectory == null ? launch : new ReplLaunch(launch.command(), workingDirectory);
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
        if (replCommand != null) {
            throw new IllegalStateException("A config with replCommand has no REPL repository to list versions of");
        }
        if (localReplPath != null) {
            return SetupFiles.toolchainVersion(localReplPath).map(List::of).orElse(List.of());
        }
        return replRepository(listener).availableVersions();
    }

    private Git git(SetupListener listener) {
        return new Git(gitPath, GIT_TIMEOUT, listener);
    }

    private ReplRepository replRepository(SetupListener listener) {
        return new ReplRepository(cacheDirectory, replGitUrl, replRevision, forcePullRepl, git(listener), lockTimeout);
    }

    private Lake lake(Path configured, SetupListener listener) {
        return new Lake(SetupFiles.resolveLake(configured, System.getenv("PATH"),
                Path.of(System.getProperty("user.home"))), buildTimeout, listener);
    }

    /** The lake of the project (its own, else the config's). */
    private Lake projectLake(Lake replLake, SetupListener listener) {
        return project == null || project.lakePath() == null ? replLake : lake(project.lakePath(), listener);
    }

    /**
     * The folder of the configured project: a {@link LocalProject}'s own; a {@link GitProject}'s clone;
     * the folder a temporary project is made in. It may not exist before {@link #setup()}.
     *
     * @return empty when there is no project
     * @throws IllegalStateException for a temporary project without a Lean version or a directory,
     *     whose folder is only known once {@link #setup()} has chosen the version
     */
    public Optional<Path> projectDirectory() {
        if (project == null) {
            return Optional.empty();
        }
        ReplSetup done = setupResult;
        if (done != null) {
            return Optional.of(done.workingDirectory());
        }
        if (project instanceof LocalProject local) {
            return Optional.of(local.directory());
        }
        if (project instanceof GitProject gitProject) {
            return Optional.of(ProjectPreparer.gitDirectory(cacheDirectory, gitProject));
        }
        Path chosen = ProjectPreparer.chosenDirectory(project);
        if (chosen != null) {
            return Optional.of(chosen);
        }
        LeanVersion version = project instanceof TemporaryProject t ? t.leanVersion()
                : ((TempRequireProject) project).leanVersion();
        if (version == null) {
            throw new IllegalStateException("The folder of a temporary project depends on its Lean version, which is"
                    + " chosen by setup(); call setup() first, or give the version with withLeanVersion(...)");
        }
        return Optional.of(ProjectPreparer.temporaryDirectory(cacheDirectory, project, version));
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
     * set up the REPL. Safe when other processes prepare the same project (a lock per project).
     *
     * @param update whether to run {@code lake update} first (newer dependencies within the lakefile's bounds)
     * @return the project's folder
     * @throws IllegalStateException without a project, or for a temporary project whose Lean version is
     *     not known (give it with {@code withLeanVersion}, or call {@link #setup()} first)
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
        if (project == null) {
            throw new IllegalStateException("This config has no project to build; give one with project(...)");
        }
        Lake lake = projectLake(null, listener);
        if (lake == null) {
            lake = lake(lakePath, listener);
        }
        ProjectPreparer projects = new ProjectPreparer(cacheDirectory, git(listener), lake, lockTimeout);
        if (project instanceof LocalProject local) {
            if (!java.nio.file.Files.isDirectory(local.directory())) {
                throw new LeanSetupException("The LocalProject folder " + local.directory() + " does not exist");
            }
            projects.build(local.directory(), update, "local-project", "the Lean project");
            return local.directory();
        }
        if (project instanceof GitProject gitProject) {
            Path dir = projects.prepareGit(gitProject.withBuild(false));
            projects.build(dir, update, "git-project", "the Lean project " + gitProject.url());
            return dir;
        }
        LeanVersion version = project instanceof TemporaryProject t ? t.leanVersion()
                : ((TempRequireProject) project).leanVersion();
        ReplSetup done = setupResult;
        if (version == null && done != null) {
            version = done.leanVersion();
        }
        if (version == null) {
            throw new IllegalStateException("The Lean version of the temporary project is not known yet: give it with"
                    + " withLeanVersion(...), or call setup() first (it picks the newest the REPL supports)");
        }
        return projects.buildTemporaryNow(project, version, update);
    }

    private ReplSetup runSetup(SetupListener listener) {
        long started = System.nanoTime();
        Lake lake = lake(lakePath, listener);
        // The REPL runs in the project's folder through the project's own lake when it has one.
        Lake launchLake = projectLake(lake, listener);
        ProjectPreparer projects = new ProjectPreparer(cacheDirectory, git(listener), launchLake, lockTimeout);

        LeanVersion version = leanVersion;
        Path projectDir = null;
        if (project instanceof LocalProject local) {
            projectDir = projects.prepareLocal(local);
            version = ProjectPreparer.projectVersion(projectDir);
        } else if (project instanceof GitProject gitProject) {
            projectDir = projects.prepareGit(gitProject);
            version = ProjectPreparer.projectVersion(projectDir);
        } else if (project instanceof TemporaryProject temporary) {
            version = temporary.leanVersion();
        } else if (project instanceof TempRequireProject requires) {
            version = requires.leanVersion();
        }

        Path replDir;
        if (localReplPath != null) {
            replDir = localReplPath.toAbsolutePath().normalize();
            version = prepareLocalRepl(replDir, version, lake);
        } else {
            ReplRepository.Installed installed = replRepository(listener).install(version, buildRepl ? lake : null);
            replDir = installed.directory();
            version = installed.version();
        }

        if (project instanceof TemporaryProject || project instanceof TempRequireProject) {
            if (version == null) {
                throw new LeanSetupException("The Lean version of the temporary project is unknown: the local REPL "
                        + replDir + " has no lean-toolchain; give it with withLeanVersion(...)");
            }
            projectDir = projects.prepareTemporary(project, version);
        }
        ReplSetup result = new ReplSetup(version, replDir, ReplRepository.replBinary(replDir),
                projectDir != null ? projectDir : replDir, launchLake.executable());
        LOG.info("Lean REPL ready for Lean {} in {} (working directory {}; setup took {} ms)",
                version == null ? "(unknown version)" : version, replDir, result.workingDirectory(),
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    private LeanVersion prepareLocalRepl(Path replDir, LeanVersion wanted, Lake lake) {
        if (!java.nio.file.Files.isDirectory(replDir)) {
            throw new LeanSetupException("The local REPL path " + replDir + " does not exist");
        }
        Optional<LeanVersion> own = SetupFiles.toolchainVersion(replDir);
        if (own.isEmpty()) {
            LOG.warn("Cannot tell the Lean version of the local REPL {} (no lean-toolchain naming a release)", replDir);
        } else if (wanted != null && !wanted.equals(own.get())) {
            throw new LeanSetupException("The local REPL " + replDir + " is for Lean " + own.get() + ", but Lean "
                    + wanted + " is wanted" + (project != null ? " by the project" : "")
                    + "; use a REPL checkout for " + wanted + " (its lean-toolchain must match)");
        }
        if (buildRepl) {
            String name = "local-repl-" + SetupFiles.sha256(replDir.toString()).substring(0, 12) + ".lock";
            try (CacheLock lock = CacheLock.acquire(cacheDirectory.resolve("locks").resolve(name), lockTimeout,
                    "building the local REPL " + replDir)) {
                lake.build(replDir, "the local Lean REPL");
                ReplRepository.requireBinary(replDir);
            }
        }
        return wanted != null ? wanted : own.orElse(null);
    }

    @Override
    public String toString() {
        if (replCommand != null) {
            return "LeanReplConfig[replCommand=" + replCommand + ", workingDirectory=" + workingDirectory
                    + ", leanVersion=" + leanVersion + "]";
        }
        return "LeanReplConfig[leanVersion=" + leanVersion() + ", project=" + project
                + (localReplPath != null ? ", localReplPath=" + localReplPath
                        : ", repl=" + replGitUrl + "@" + replRevision)
                + ", cache=" + cacheDirectory + ", setUp=" + (setupResult != null) + "]";
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
