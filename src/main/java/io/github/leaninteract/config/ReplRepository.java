package io.github.leaninteract.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REPL's git repository in the cache: a clean clone ({@code clean}) from which one folder per
 * Lean version ({@code <revision>_lean-toolchain-<version>}) is copied and built. The clean clone
 * is guarded by one cross-process lock, each version folder by its own, always taken in that order.
 */
final class ReplRepository {

    private static final Logger LOG = LoggerFactory.getLogger(ReplRepository.class);
    static final String COMMIT_MARKER = ".lean-interact-commit";
    static final String BUILT_MARKER = ".lean-interact-built";

    /** A REPL checkout ready to run. */
    record Installed(Path directory, LeanVersion version) {}

    private final String url;
    private final String revision;
    private final boolean forcePull;
    private final Git git;
    private final Duration lockTimeout;
    private final Path base;
    private final Path clean;
    private final Path locks;
    // Instances live for one setup call on one thread; remembered to explain a missing revision.
    private boolean fetchFailed;

    ReplRepository(Path cacheDir, String url, String revision, boolean forcePull, Git git, Duration lockTimeout) {
        this.url = url;
        this.revision = revision;
        this.forcePull = forcePull;
        this.git = git;
        this.lockTimeout = lockTimeout;
        this.base = cacheDir.resolve("repl").resolve(SetupFiles.folderNameFor(url));
        this.clean = base.resolve("clean");
        this.locks = cacheDir.resolve("locks");
    }

    Path versionDirectory(LeanVersion version) {
        return base.resolve(SetupFiles.safeSegment(tagFor(version)));
    }

    private String tagFor(LeanVersion version) {
        return revision + "_lean-toolchain-" + version;
    }

    /** The Lean versions with a tag for the revision; without such tags, the one version the revision has. */
    List<LeanVersion> availableVersions() {
        try (CacheLock lock = lockClean()) {
            boolean fetched = ensureClone();
            if (forcePull && !fetched) {
                fetch("the REPL repository");
                fetched = true;
            }
            List<LeanVersion> tagged = taggedVersions();
            if (!tagged.isEmpty()) {
                return tagged;
            }
            Optional<String> commit = resolveFetchingOnce(revision, fetched);
            return commit.flatMap(c -> git.show(clean, c, "lean-toolchain")).flatMap(LeanVersion::tryParse)
                    .map(List::of).orElse(List.of());
        }
    }

    /**
     * Makes the REPL for {@code wanted} (null: the newest tagged version, else the revision's own)
     * ready in its version folder, building it when {@code lake} is given.
     */
    Installed install(LeanVersion wanted, Lake lake) {
        if (wanted != null && !forcePull) {
            // Re-use without touching git: the folder is only ever filled from a verified checkout.
            Path dir = versionDirectory(wanted);
            if (SetupFiles.readMarker(dir.resolve(COMMIT_MARKER)).isPresent()) {
                finish(dir, lake);
                LOG.debug("Re-using the REPL for Lean {} in {}", wanted, dir);
                return new Installed(dir, wanted);
            }
        }
        LeanVersion version;
        Path dir;
        try (CacheLock lock = lockClean()) {
            boolean fetched = ensureClone();
            if (forcePull && !fetched) {
                fetch("the REPL repository");
                fetched = true;
            }
            version = wanted;
            if (version == null) {
                List<LeanVersion> tagged = taggedVersions();
                version = tagged.isEmpty() ? null : tagged.get(tagged.size() - 1);
            }
            Optional<String> commit = Optional.empty();
            if (version != null) {
                commit = git.resolveCommit(clean, tagFor(version));
                if (commit.isEmpty() && !fetched) {
                    fetch("the REPL repository (no tag " + tagFor(version) + " yet)");
                    fetched = true;
                    commit = git.resolveCommit(clean, tagFor(version));
                }
            }
            if (commit.isEmpty()) {
                commit = resolveFetchingOnce(revision, fetched);
            }
            if (commit.isEmpty()) {
                throw new LeanSetupException("The REPL revision `" + revision + "` does not exist in " + url
                        + (wanted == null ? "" : " (nor the tag " + tagFor(wanted) + ")")
                        + (fetchFailed ? " locally, and fetching it failed (network failure?)" : "")
                        + ". Choose an existing replRevision(...); Lean versions with tags there: " + taggedVersions());
            }
            LeanVersion actual = git.show(clean, commit.get(), "lean-toolchain").flatMap(LeanVersion::tryParse)
                    .orElseThrow(() -> new LeanSetupException("The REPL at revision `" + revision + "` of " + url
                            + " has no lean-toolchain naming a Lean release; choose another replRevision(...)"));
            if (version == null) {
                version = actual;
            } else if (!version.equals(actual)) {
                throw new LeanSetupException("Lean " + version + " is not available for REPL " + revision + " from "
                        + url + ": there is no tag " + tagFor(version) + ", and revision " + revision + " is for Lean "
                        + actual + ". Available Lean versions: " + availableOrOwn(actual)
                        + ". Choose one of them, or a replRevision(...) made for " + version + "."
                        + (fetchFailed ? " (Fetching newer tags failed: network failure?)" : ""));
            }
            dir = versionDirectory(version);
            try (CacheLock dirLock = lockVersion(dir)) {
                if (!SetupFiles.readMarker(dir.resolve(COMMIT_MARKER)).equals(commit)) {
                    export(commit.get(), dir);
                }
            }
        }
        finish(dir, lake);
        return new Installed(dir, version);
    }

    private List<LeanVersion> availableOrOwn(LeanVersion own) {
        List<LeanVersion> tagged = taggedVersions();
        return tagged.isEmpty() ? List.of(own) : tagged;
    }

    /** Builds the version folder unless it is built for its current commit already (or no lake is given). */
    private void finish(Path dir, Lake lake) {
        if (lake == null) {
            return;
        }
        try (CacheLock lock = lockVersion(dir)) {
            String commit = SetupFiles.readMarker(dir.resolve(COMMIT_MARKER)).orElseThrow(() -> new LeanSetupException(
                    "The REPL folder " + dir + " lost its checkout; delete it and retry"));
            if (SetupFiles.readMarker(dir.resolve(BUILT_MARKER)).equals(Optional.of(commit))
                    && Files.isRegularFile(replBinary(dir))) {
                return;
            }
            lake.build(dir, "the Lean REPL");
            requireBinary(dir);
            SetupFiles.writeMarker(dir.resolve(BUILT_MARKER), commit);
        }
    }

    /**
     * Checks a local REPL checkout against the wanted Lean version and builds it (with {@code lake}, under a
     * lock per checkout). Returns the version it runs: the wanted one, else its own, else null (unknown).
     */
    static LeanVersion prepareLocal(Path replDir, LeanVersion wanted, String wantedBy, Lake lake, Path cacheDir,
            Duration lockTimeout) {
        if (!Files.isDirectory(replDir)) {
            throw new LeanSetupException("The local REPL path " + replDir + " does not exist");
        }
        Optional<LeanVersion> own = SetupFiles.toolchainVersion(replDir);
        if (own.isEmpty()) {
            LOG.warn("Cannot tell the Lean version of the local REPL {} (no lean-toolchain naming a release)", replDir);
        } else if (wanted != null && !wanted.equals(own.get())) {
            throw new LeanSetupException("The local REPL " + replDir + " is for Lean " + own.get() + ", but Lean "
                    + wanted + " is wanted" + wantedBy + "; use a REPL checkout for " + wanted
                    + " (its lean-toolchain must match)");
        }
        if (lake != null) {
            String name = "local-repl-" + SetupFiles.sha256(replDir.toString()).substring(0, 12) + ".lock";
            try (CacheLock lock = CacheLock.acquire(cacheDir.resolve("locks").resolve(name), lockTimeout,
                    "building the local REPL " + replDir)) {
                lake.build(replDir, "the local Lean REPL");
                requireBinary(replDir);
            }
        }
        return wanted != null ? wanted : own.orElse(null);
    }

    static Path replBinary(Path replDir) {
        Path bin = replDir.resolve(".lake").resolve("build").resolve("bin");
        Path exe = bin.resolve("repl.exe");
        return SetupFiles.isWindows() && Files.isRegularFile(exe) ? exe : bin.resolve("repl");
    }

    static void requireBinary(Path replDir) {
        if (!Files.isRegularFile(replBinary(replDir))) {
            throw new LeanSetupException("`lake build` succeeded in " + replDir + " but made no REPL program at "
                    + replBinary(replDir) + "; is this folder a checkout of the Lean REPL?");
        }
    }

    private void export(String commit, Path dir) {
        LOG.info("Preparing the REPL folder {} at commit {}", dir, commit);
        git.checkout(clean, commit);
        Path tmp = SetupFiles.temporarySibling(dir);
        SetupFiles.copyTree(clean, tmp, Set.of(".git", ".lake"));
        SetupFiles.writeMarker(tmp.resolve(COMMIT_MARKER), commit);
        SetupFiles.replace(tmp, dir);
    }

    private void fetch(String what) {
        if (!git.fetch(clean, what)) {
            fetchFailed = true;
        }
    }

    private Optional<String> resolveFetchingOnce(String rev, boolean fetched) {
        Optional<String> commit = git.resolveCommit(clean, rev);
        if (commit.isEmpty() && !fetched) {
            fetch("the REPL repository (no revision " + rev + " yet)");
            commit = git.resolveCommit(clean, rev);
        }
        return commit;
    }

    private List<LeanVersion> taggedVersions() {
        String prefix = revision + "_lean-toolchain-";
        return git.tags(clean, prefix + "*").stream()
                .map(t -> LeanVersion.tryParse(t.substring(prefix.length())))
                .flatMap(Optional::stream).distinct().sorted().toList();
    }

    /** Clones when there is no clone yet; true when it did (so the clone is as fresh as a fetch). */
    private boolean ensureClone() {
        if (Git.isRepository(clean)) {
            return false;
        }
        // Clone beside the final place and move it in, so an interrupted clone never looks complete.
        Path tmp = SetupFiles.temporarySibling(clean);
        try {
            Files.createDirectories(base);
            git.cloneInto(url, tmp, "the Lean REPL");
        } catch (java.io.IOException e) {
            throw new LeanSetupException("Cannot create " + base + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            SetupFiles.deleteTree(tmp);
            throw e;
        }
        SetupFiles.replace(tmp, clean);
        return true;
    }

    private CacheLock lockClean() {
        return CacheLock.acquire(locks.resolve("repl-" + base.getFileName() + ".lock"), lockTimeout,
                "setting up the REPL clone of " + url);
    }

    private CacheLock lockVersion(Path dir) {
        return CacheLock.acquire(locks.resolve("repl-" + base.getFileName() + "-" + dir.getFileName() + ".lock"),
                lockTimeout, "preparing the REPL folder " + dir);
    }
}
