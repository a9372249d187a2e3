package io.github.leaninteract.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The setup of a {@link LeanReplConfig}: prepares the project, installs the REPL, and says how to start it,
 * as a {@link ReplSetup}. The results are remembered per config <em>value</em> in this JVM, so that equal
 * configs (the servers of a pool, a server and its restarts, a second server made later) set up once;
 * a remembered result whose folders have vanished since (a cleared cache) is set up again. Nothing is kept
 * in the config itself. Thread-safe; across processes, the cache's file locks keep setups apart.
 */
final class SetupProcedure {

    private static final Logger LOG = LoggerFactory.getLogger(SetupProcedure.class);
    private static final Duration GIT_TIMEOUT = Duration.ofMinutes(10);
    /** Distinct configs whose results are remembered; a program rarely has more than a few. */
    private static final int REMEMBERED = 64;

    private static final Map<LeanReplConfig, Memo> MEMO = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<LeanReplConfig, Memo> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** The result for one config value, and the lock that lets one thread at a time produce it. */
    private static final class Memo {
        final ReentrantLock lock = new ReentrantLock();
        volatile ReplSetup result;
    }

    private SetupProcedure() {}

    /** The setup of {@code config}: remembered when an equal config was set up before, else done now. */
    static ReplSetup setUp(LeanReplConfig config, SetupListener listener) {
        if (config.replCommand() != null) {
            // Nothing to install; the toolchain file is read each time, as it may have appeared since.
            return forCommand(config);
        }
        Memo memo;
        synchronized (MEMO) {
            memo = MEMO.computeIfAbsent(config, c -> new Memo());
        }
        ReplSetup done = memo.result;
        if (done != null && stillThere(done, config)) {
            return done;
        }
        lock(memo, config);
        try {
            done = memo.result;
            if (done != null && stillThere(done, config)) {
                return done;
            }
            memo.result = null;
            done = install(config, listener);
            memo.result = done;
            return done;
        } finally {
            memo.lock.unlock();
        }
    }

    private static void lock(Memo memo, LeanReplConfig config) {
        Duration timeout = config.lockTimeout();
        try {
            if (!memo.lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LeanSetupException("Another thread of this JVM has been setting up the Lean REPL for "
                        + timeout + " (lockTimeout) and is not done; wait for it, or raise lockTimeout for long builds");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeanSetupException("Interrupted while waiting for another thread's setup of the Lean REPL", e);
        }
    }

    /**
     * Whether what a remembered setup made is still on disk (the cache may have been cleared since), and a
     * local or git project still names the Lean version it was set up for (its owner may have moved it on).
     */
    private static boolean stillThere(ReplSetup done, LeanReplConfig config) {
        Path dir = done.workingDirectory();
        if (!(dir == null || Files.isDirectory(dir)) || !Files.isDirectory(done.replDirectory())
                || (config.buildRepl() && !Files.isRegularFile(done.replBinary()))) {
            return false;
        }
        if (config.project() instanceof LocalProject || config.project() instanceof GitProject) {
            try {
                return SetupFiles.toolchainVersion(dir).equals(Optional.ofNullable(done.leanVersion()));
            } catch (LeanSetupException e) {
                return false;
            }
        }
        return true;
    }

    /** A replCommand: that program; its version configured, else from a lean-toolchain where it runs. */
    private static ReplSetup forCommand(LeanReplConfig config) {
        ReplLaunch launch = new ReplLaunch(config.replCommand(), config.workingDirectory());
        LeanVersion version = config.configuredLeanVersion();
        if (version == null) {
            Path dir = config.workingDirectory() != null ? config.workingDirectory() : Path.of("");
            try {
                version = SetupFiles.toolchainVersion(dir.toAbsolutePath()).orElse(null);
            } catch (LeanSetupException e) {
                LOG.debug("{}", e.getMessage());
            }
        }
        return new ReplSetup(version, launch, null, null, null);
    }

    private static ReplSetup install(LeanReplConfig config, SetupListener listener) {
        long started = System.nanoTime();
        Lake lake = lake(config, config.lakePath(), listener);
        // The REPL runs in the project's folder through the project's own lake when it has one.
        Lake launchLake = projectLake(config, lake, listener);
        LeanProject project = config.project();
        ProjectPreparer projects = projects(config, launchLake, listener);

        LeanVersion version = config.configuredLeanVersion();
        Path projectDir = null;
        if (project instanceof LocalProject || project instanceof GitProject) {
            projectDir = projects.prepareExisting(project);
            version = ProjectPreparer.projectVersion(projectDir);
        } else if (project != null) {
            version = ProjectPreparer.temporaryVersion(project);
        }

        Path replDir;
        if (config.localReplPath() != null) {
            replDir = config.localReplPath().toAbsolutePath().normalize();
            version = ReplRepository.prepareLocal(replDir, version, project != null ? " by the project" : "",
                    config.buildRepl() ? lake : null, config.cacheDirectory(), config.lockTimeout());
        } else {
            ReplRepository.Installed installed = replRepository(config, listener)
                    .install(version, config.buildRepl() ? lake : null);
            replDir = installed.directory();
            version = installed.version();
        }

        if (project != null && ProjectPreparer.isTemporary(project)) {
            if (version == null) {
                throw new LeanSetupException("The Lean version of the temporary project is unknown: the local REPL "
                        + replDir + " has no lean-toolchain; give it with withLeanVersion(...)");
            }
            projectDir = projects.prepareTemporary(project, version);
        }
        Path binary = ReplRepository.replBinary(replDir);
        // A local checkout may be run in another folder (where the files it is given live).
        Path runsIn = projectDir != null ? projectDir
                : config.workingDirectory() != null ? config.workingDirectory() : replDir;
        ReplLaunch launch = new ReplLaunch(List.of(launchLake.executable().toString(), "env", binary.toString()), runsIn);
        ReplSetup result = new ReplSetup(version, launch, replDir, binary, launchLake.executable());
        LOG.info("Lean REPL ready for Lean {} in {} (working directory {}; setup took {} ms)",
                version == null ? "(unknown version)" : version, replDir, runsIn,
                (System.nanoTime() - started) / 1_000_000);
        return result;
    }

    /** See {@link LeanReplConfig#availableLeanVersions(SetupListener)}. */
    static List<LeanVersion> availableVersions(LeanReplConfig config, SetupListener listener) {
        if (config.replCommand() != null) {
            throw new IllegalStateException("A config with replCommand has no REPL repository to list versions of");
        }
        if (config.localReplPath() != null) {
            return SetupFiles.toolchainVersion(config.localReplPath()).map(List::of).orElse(List.of());
        }
        return replRepository(config, listener).availableVersions();
    }

    /** See {@link LeanReplConfig#projectDirectory()}. */
    static Optional<Path> projectDirectory(LeanReplConfig config) {
        LeanProject project = config.project();
        if (project == null) {
            return Optional.empty();
        }
        Path dir = ProjectPreparer.knownDirectory(config.cacheDirectory(), project);
        if (dir == null) {
            throw new IllegalStateException("The folder of a temporary project depends on its Lean version, which"
                    + " setup() chooses: use config.setup().workingDirectory(), or give the version with"
                    + " withLeanVersion(...) (or a folder with withDirectory(...)) on the project");
        }
        return Optional.of(dir);
    }

    /** See {@link LeanReplConfig#buildProject(boolean, SetupListener)}. */
    static Path buildProject(LeanReplConfig config, boolean update, SetupListener listener) {
        LeanProject project = config.project();
        if (project == null) {
            throw new IllegalStateException("This config has no project to build; give one with project(...)");
        }
        LeanVersion version = null;
        if (ProjectPreparer.isTemporary(project)) {
            version = ProjectPreparer.temporaryVersion(project);
            if (version == null) {
                // The version is the one setup chooses (the newest the REPL supports); remembered once chosen.
                version = setUp(config, listener).leanVersion();
            }
        }
        Lake lake = projectLake(config, null, listener);
        if (lake == null) {
            lake = lake(config, config.lakePath(), listener);
        }
        return projects(config, lake, listener).buildNow(project, version, update);
    }

    private static ProjectPreparer projects(LeanReplConfig config, Lake lake, SetupListener listener) {
        return new ProjectPreparer(config.cacheDirectory(), git(config, listener), lake, config.lockTimeout());
    }

    private static Git git(LeanReplConfig config, SetupListener listener) {
        return new Git(config.gitPath(), GIT_TIMEOUT, listener);
    }

    private static ReplRepository replRepository(LeanReplConfig config, SetupListener listener) {
        return new ReplRepository(config.cacheDirectory(), config.replGitUrl(), config.replRevision(),
                config.forcePullRepl(), git(config, listener), config.lockTimeout());
    }

    private static Lake lake(LeanReplConfig config, Path configured, SetupListener listener) {
        return new Lake(SetupFiles.resolveLake(configured, System.getenv("PATH"),
                Path.of(System.getProperty("user.home"))), config.buildTimeout(), listener);
    }

    /** The lake of the project (its own, else {@code replLake}). */
    private static Lake projectLake(LeanReplConfig config, Lake replLake, SetupListener listener) {
        LeanProject project = config.project();
        return project == null || project.lakePath() == null ? replLake : lake(config, project.lakePath(), listener);
    }
}
