package io.github.leaninteract.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Prepares each kind of {@link LeanProject} and finds its folder, under a cross-process lock per project. */
final class ProjectPreparer {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectPreparer.class);
    static final String READY_MARKER = ".lean-interact-ready";
    /** A temporary project made (lake init, lakefile) but perhaps not built; the content is its Lean version. */
    static final String CREATED_MARKER = ".lean-interact-created";
    private static final String CHECKOUT_MARKER = "lean-interact-checkout";
    private static final String BUILT_MARKER = "lean-interact-built";

    private final Path cacheDir;
    private final Git git;
    private final Lake lake;
    private final Duration lockTimeout;

    ProjectPreparer(Path cacheDir, Git git, Lake lake, Duration lockTimeout) {
        this.cacheDir = cacheDir;
        this.git = git;
        this.lake = lake;
        this.lockTimeout = lockTimeout;
    }

    /** Where a temporary project of {@code version} lives: its chosen folder, else a cache folder named by content. */
    static Path temporaryDirectory(Path cacheDir, LeanProject project, LeanVersion version) {
        Path chosen = chosenDirectory(project);
        if (chosen != null) {
            return chosen;
        }
        return cacheDir.resolve("tmp-projects").resolve(version.toString()).resolve(contentHash(project, version));
    }

    static String contentHash(LeanProject project, LeanVersion version) {
        StringBuilder content = new StringBuilder();
        if (project instanceof TemporaryProject t) {
            content.append("lakefile ").append(t.lakefileKind()).append('\n').append(t.lakefileContent());
        } else if (project instanceof TempRequireProject r) {
            content.append("requires\n");
            for (LeanRequire req : r.resolvedRequires(version)) {
                content.append(req.name()).append('\n').append(req.git()).append('\n')
                        .append(req.revision() == null ? "" : req.revision()).append('\n');
            }
        } else {
            throw new IllegalArgumentException("Not a temporary project: " + project);
        }
        return SetupFiles.sha256(content.toString()).substring(0, 32);
    }

    static Path gitDirectory(Path cacheDir, GitProject project) {
        if (project.directory() != null) {
            return project.directory();
        }
        return cacheDir.resolve("git-projects").resolve(SetupFiles.folderNameFor(project.url()))
                .resolve(project.revision() == null ? "default" : SetupFiles.safeSegment(project.revision()));
    }

    /** The project's Lean version, from the {@code lean-toolchain} file in its folder. */
    static LeanVersion projectVersion(Path dir) {
        return SetupFiles.toolchainVersion(dir).orElseThrow(() -> new LeanSetupException("The Lean project in " + dir
                + " has no lean-toolchain file naming a Lean release (such as leanprover/lean4:v4.19.0); "
                + "the REPL version is chosen from it, so add one"));
    }

    /**
     * The folder of {@code project}, without preparing anything: a {@link LocalProject}'s own, a
     * {@link GitProject}'s clone, a temporary project's chosen folder or its cache folder for its Lean version.
     *
     * @return null for a temporary project without a folder and a Lean version, whose folder depends on
     *     the version setup chooses
     */
    static Path knownDirectory(Path cacheDir, LeanProject project) {
        if (project instanceof LocalProject local) {
            return local.directory();
        }
        if (project instanceof GitProject gitProject) {
            return gitDirectory(cacheDir, gitProject);
        }
        Path chosen = chosenDirectory(project);
        if (chosen != null) {
            return chosen;
        }
        LeanVersion version = temporaryVersion(project);
        return version == null ? null : temporaryDirectory(cacheDir, project, version);
    }

    /** The Lean version a temporary project was given, or null (setup then chooses one). */
    static LeanVersion temporaryVersion(LeanProject project) {
        return project instanceof TemporaryProject t ? t.leanVersion() : ((TempRequireProject) project).leanVersion();
    }

    static boolean isTemporary(LeanProject project) {
        return project instanceof TemporaryProject || project instanceof TempRequireProject;
    }

    /** Prepares a {@link LocalProject} or {@link GitProject} as its settings say, and returns its folder. */
    Path prepareExisting(LeanProject project) {
        if (project instanceof LocalProject local) {
            return prepareLocal(local);
        }
        return prepareGit((GitProject) project);
    }

    /**
     * Builds {@code project} now, whatever its {@code build} setting says, creating or cloning it first when
     * needed; {@code version} is the Lean version of a temporary project (ignored for the others).
     */
    Path buildNow(LeanProject project, LeanVersion version, boolean update) {
        if (project instanceof LocalProject local) {
            if (!Files.isDirectory(local.directory())) {
                throw new LeanSetupException("The LocalProject folder " + local.directory() + " does not exist");
            }
            build(local.directory(), update, "local-project", "the Lean project");
            return local.directory();
        }
        if (project instanceof GitProject gitProject) {
            Path dir = prepareGit(gitProject.withBuild(false));
            build(dir, update, "git-project", "the Lean project " + gitProject.url());
            return dir;
        }
        return buildTemporaryNow(project, version, update);
    }

    Path prepareLocal(LocalProject project) {
        Path dir = project.directory();
        if (!Files.isDirectory(dir)) {
            throw new LeanSetupException("The LocalProject folder " + dir + " does not exist");
        }
        if (project.build()) {
            build(dir, project.update(), "local-project", "the Lean project");
        }
        return dir;
    }

    /** Runs {@code lake update} (when asked), {@code lake exe cache get} and {@code lake build} in {@code dir}. */
    void build(Path dir, boolean update, String lockKind, String what) {
        try (CacheLock lock = lock(lockKind, dir)) {
            if (update) {
                lake.update(dir, what);
            }
            lake.cacheGet(dir);
            lake.build(dir, what);
        }
    }

    Path prepareGit(GitProject project) {
        Path dir = gitDirectory(cacheDir, project);
        String rev = project.revision();
        try (CacheLock lock = lock("git-project", dir)) {
            boolean fetched = false;
            if (!Git.isRepository(dir)) {
                if (Files.isDirectory(dir) && !isEmpty(dir)) {
                    throw new LeanSetupException("The folder " + dir + " for GitProject " + project.url()
                            + " exists but is not a git clone; delete it or choose another directory");
                }
                Path tmp = SetupFiles.temporarySibling(dir);
                createDirectories(dir.getParent());
                try {
                    git.cloneInto(project.url(), tmp, "the Lean project");
                } catch (RuntimeException e) {
                    SetupFiles.deleteTree(tmp);
                    throw e;
                }
                SetupFiles.replace(tmp, dir);
                fetched = true;
            } else if (project.forcePull()) {
                if (!git.fetch(dir, "the Lean project")) {
                    throw new LeanSetupException("Could not fetch " + project.url() + " into " + dir
                            + " (forcePull); check the network connection, or turn forcePull off to use the clone as is");
                }
                fetched = true;
            }
            Optional<String> commit = resolveProjectRevision(dir, rev, fetched || project.forcePull());
            if (commit.isEmpty() && !fetched) {
                if (!git.fetch(dir, "the Lean project (revision " + rev + " missing)")) {
                    throw new LeanSetupException("Revision " + rev + " is not in the clone " + dir + " and fetching "
                            + project.url() + " failed; check the network connection");
                }
                commit = resolveProjectRevision(dir, rev, true);
            }
            String target = commit.orElseThrow(() -> new LeanSetupException("Revision `" + rev + "` does not exist in "
                    + project.url() + "; give an existing branch, tag or commit"));
            Path gitDir = dir.resolve(".git");
            if (!SetupFiles.readMarker(gitDir.resolve(CHECKOUT_MARKER)).equals(commit)) {
                LOG.info("Checking out {} of {} in {}", rev == null ? "the default branch" : rev, project.url(), dir);
                git.checkout(dir, target);
                git.updateSubmodules(dir);
                SetupFiles.writeMarker(gitDir.resolve(CHECKOUT_MARKER), target);
            }
            if (project.build() && !SetupFiles.readMarker(gitDir.resolve(BUILT_MARKER)).equals(commit)) {
                lake.cacheGet(dir);
                lake.build(dir, "the Lean project " + project.url());
                SetupFiles.writeMarker(gitDir.resolve(BUILT_MARKER), target);
            }
        }
        return dir;
    }

    /** The commit to use: with {@code preferRemote}, the remote branch's newest commit when rev is a branch. */
    private Optional<String> resolveProjectRevision(Path dir, String rev, boolean preferRemote) {
        if (rev == null) {
            Optional<String> remoteHead = preferRemote ? git.resolveCommit(dir, "origin/HEAD") : Optional.empty();
            return remoteHead.or(() -> git.resolveCommit(dir, "HEAD"));
        }
        Optional<String> remote = preferRemote ? git.resolveCommit(dir, "origin/" + rev) : Optional.empty();
        return remote.or(() -> git.resolveCommit(dir, rev)).or(() -> git.resolveCommit(dir, "origin/" + rev));
    }

    /** Creates (once) and builds a {@link TemporaryProject} or {@link TempRequireProject} of {@code version}. */
    Path prepareTemporary(LeanProject project, LeanVersion version) {
        boolean build = project instanceof TemporaryProject t ? t.build() : ((TempRequireProject) project).build();
        return prepareTemporary(project, version, build);
    }

    /** Creates a temporary project of {@code version} unless it exists, and with {@code build} builds it once. */
    private Path prepareTemporary(LeanProject project, LeanVersion version, boolean build) {
        Path dir = temporaryDirectory(cacheDir, project, version);
        try (CacheLock lock = lock("tmp-project", dir)) {
            if (SetupFiles.readMarker(dir.resolve(READY_MARKER)).isPresent()) {
                LOG.debug("Re-using the temporary project {}", dir);
                return dir;
            }
            boolean created = SetupFiles.readMarker(dir.resolve(CREATED_MARKER)).isPresent();
            if (!created) {
                create(project, version, dir, chosenDirectory(project) != null);
            }
            if (build) {
                buildTemporary(dir, true, !created);
            }
        }
        return dir;
    }

    /**
     * Creates the temporary project when needed and builds it now, even when it is built already:
     * {@code lake update} when asked (or when it was never built), then cache get and build.
     */
    Path buildTemporaryNow(LeanProject project, LeanVersion version, boolean update) {
        Path dir = prepareTemporary(project, version, false);
        try (CacheLock lock = lock("tmp-project", dir)) {
            boolean built = SetupFiles.readMarker(dir.resolve(READY_MARKER)).isPresent();
            buildTemporary(dir, update || !built, false);
        }
        return dir;
    }

    private void buildTemporary(Path dir, boolean update, boolean deleteOnFailure) {
        try {
            if (update) {
                lake.update(dir, "the temporary project");
            }
            lake.cacheGet(dir);
            lake.build(dir, "the temporary project");
        } catch (RuntimeException e) {
            // A project made just now is made again next time; an older one is kept as it is.
            if (deleteOnFailure) {
                SetupFiles.deleteTree(dir);
            }
            throw e;
        }
        SetupFiles.writeMarker(dir.resolve(READY_MARKER), SetupFiles.readMarker(dir.resolve(CREATED_MARKER))
                .orElse("built"));
    }

    private void create(LeanProject project, LeanVersion version, Path dir, boolean chosen) {
        if (chosen && Files.isDirectory(dir) && !isEmpty(dir)) {
            throw new LeanSetupException("The folder " + dir + " chosen for a temporary project is not empty and was"
                    + " not made by lean-interact (no " + CREATED_MARKER + " in it); choose a new or empty folder");
        }
        LOG.info("Creating a temporary Lean {} project in {} (may take a while the first time)", version, dir);
        // Whatever is in a cache folder without the marker is the remains of an interrupted attempt.
        SetupFiles.deleteTree(dir);
        createDirectories(dir);
        try {
            lake.init(dir, version);
            write(dir.resolve("lean-toolchain"), version.toolchain() + "\n", false);
            if (project instanceof TemporaryProject t) {
                for (TemporaryProject.LakefileKind kind : TemporaryProject.LakefileKind.values()) {
                    // Lake prefers lakefile.lean; the one from `lake init` must not shadow the given one.
                    Files.deleteIfExists(dir.resolve(kind.fileName()));
                }
                write(dir.resolve(t.lakefileKind().fileName()), t.lakefileContent(), false);
            } else {
                Path lakefile = dir.resolve("lakefile.lean");
                if (!Files.exists(lakefile)) {
                    write(lakefile, "import Lake\nopen Lake DSL\n\npackage dummy\n", false);
                }
                StringBuilder requires = new StringBuilder();
                for (LeanRequire r : ((TempRequireProject) project).resolvedRequires(version)) {
                    requires.append("\n\n").append(r.lakefileLine());
                }
                write(lakefile, requires.append('\n').toString(), true);
            }
            SetupFiles.writeMarker(dir.resolve(CREATED_MARKER), version.toString());
        } catch (IOException e) {
            SetupFiles.deleteTree(dir);
            throw new LeanSetupException("Cannot write the temporary project in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            SetupFiles.deleteTree(dir);
            throw e;
        }
    }

    /** The folder the user chose for a temporary project, or null for one in the cache. */
    static Path chosenDirectory(LeanProject project) {
        return project instanceof TemporaryProject t ? t.directory()
                : project instanceof TempRequireProject r ? r.directory() : null;
    }

    private static void write(Path file, String text, boolean append) throws IOException {
        if (append) {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } else {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
    }

    private CacheLock lock(String kind, Path dir) {
        String name = kind + "-" + dir.getFileName() + "-" + SetupFiles.sha256(dir.toString()).substring(0, 12);
        return CacheLock.acquire(cacheDir.resolve("locks").resolve(name + ".lock"), lockTimeout,
                "preparing the Lean project " + dir);
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new LeanSetupException("Cannot read " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LeanSetupException("Cannot create " + dir + ": " + e.getMessage()
                    + "; check that the cache directory is writable", e);
        }
    }
}
