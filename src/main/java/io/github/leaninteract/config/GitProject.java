package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A Lean project in a git repository. Setup clones it (into the cache unless a directory is
 * given), checks out the revision, updates submodules and builds it. Later setups reuse the clone
 * and only go to the network when the revision is missing locally or {@link #forcePull()} is set.
 *
 * <pre>{@code
 * GitProject project = GitProject.of("https://github.com/user/lean-project", "v1.0");
 * }</pre>
 *
 * @param url where to clone from (any URL or path git accepts)
 * @param revision a branch, tag or commit; null for the remote's default branch
 * @param directory where to keep the clone; null for a folder in the cache named after the URL and revision
 * @param forcePull whether every setup fetches and moves to the newest commit of the revision's branch
 * @param build whether setup builds the project with {@code lake build}
 * @param lakePath the lake program for this project, or null for the config's
 */
public record GitProject(String url, String revision, Path directory, boolean forcePull, boolean build,
        Path lakePath) implements LeanProject {

    public GitProject {
        Objects.requireNonNull(url, "url");
        if (url.isBlank()) {
            throw new IllegalArgumentException("GitProject: url must not be blank");
        }
        if (revision != null && revision.isBlank()) {
            throw new IllegalArgumentException("GitProject: revision must not be blank (use null for the default branch)");
        }
        directory = directory == null ? null : directory.toAbsolutePath().normalize();
    }

    /** A project at {@code revision} (null: default branch), cloned into {@code directory} (null: the cache). */
    public GitProject(String url, String revision, Path directory) {
        this(url, revision, directory, false, true, null);
    }

    /** A project with these settings and the config's lake. */
    public GitProject(String url, String revision, Path directory, boolean forcePull, boolean build) {
        this(url, revision, directory, forcePull, build, null);
    }

    /** The default branch of {@code url}, cloned into the cache. */
    public static GitProject of(String url) {
        return new GitProject(url, null, null);
    }

    /** {@code revision} of {@code url}, cloned into the cache. */
    public static GitProject of(String url, String revision) {
        return new GitProject(url, revision, null);
    }

    public GitProject withDirectory(Path directory) {
        return new GitProject(url, revision, directory, forcePull, build, lakePath);
    }

    public GitProject withForcePull(boolean forcePull) {
        return new GitProject(url, revision, directory, forcePull, build, lakePath);
    }

    public GitProject withBuild(boolean build) {
        return new GitProject(url, revision, directory, forcePull, build, lakePath);
    }

    /** A copy built with this lake program (null: the config's). */
    public GitProject withLakePath(Path lakePath) {
        return new GitProject(url, revision, directory, forcePull, build, lakePath);
    }
}
