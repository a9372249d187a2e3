package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A Lean project made by setup from the lakefile you give: in the cache, in a folder named by a
 * hash of the lakefile and the Lean version (or in the folder you choose with
 * {@link #withDirectory(Path)}), initialised with {@code lake init}, updated and built once, and
 * reused by every later setup (in any process). {@link #withBuild(boolean) withBuild(false)} only
 * creates it; build it later with {@link LeanReplConfig#buildProject(boolean, SetupListener)}.
 *
 * <pre>{@code
 * TemporaryProject project = new TemporaryProject("""
 *     import Lake
 *     open Lake DSL
 *     package scratch
 *     require mathlib from git "https://github.com/leanprover-community/mathlib4.git" @ "v4.19.0"
 *     """, TemporaryProject.LakefileKind.LEAN).withLeanVersion("v4.19.0");
 * }</pre>
 *
 * @param lakefileContent the whole lakefile
 * @param lakefileKind whether it is a {@code lakefile.lean} or a {@code lakefile.toml}
 * @param leanVersion the Lean version of the project; null for the newest one the REPL supports
 * @param directory where to make the project; null for a folder in the cache named by its content
 * @param build whether setup updates and builds the project (not only creates it)
 * @param lakePath the lake program for this project, or null for the config's
 */
public record TemporaryProject(String lakefileContent, LakefileKind lakefileKind, LeanVersion leanVersion,
        Path directory, boolean build, Path lakePath) implements LeanProject {

    /** The two lakefile formats Lake reads. */
    public enum LakefileKind {
        /** {@code lakefile.lean}, the Lean DSL. */
        LEAN("lakefile.lean"),
        /** {@code lakefile.toml}. */
        TOML("lakefile.toml");

        private final String fileName;

        LakefileKind(String fileName) {
            this.fileName = fileName;
        }

        /** The file name Lake looks for. */
        public String fileName() {
            return fileName;
        }
    }

    public TemporaryProject {
        Objects.requireNonNull(lakefileContent, "lakefileContent");
        Objects.requireNonNull(lakefileKind, "lakefileKind");
        if (lakefileContent.isBlank()) {
            throw new IllegalArgumentException("TemporaryProject: the lakefile content must not be blank");
        }
        directory = directory == null ? null : directory.toAbsolutePath().normalize();
    }

    /** A project of the newest Lean version the REPL supports, in the cache, built on setup. */
    public TemporaryProject(String lakefileContent, LakefileKind lakefileKind) {
        this(lakefileContent, lakefileKind, null);
    }

    /** A project of {@code leanVersion} (null: the newest the REPL supports), in the cache, built on setup. */
    public TemporaryProject(String lakefileContent, LakefileKind lakefileKind, LeanVersion leanVersion) {
        this(lakefileContent, lakefileKind, leanVersion, null, true, null);
    }

    /** A copy for Lean {@code version} (such as {@code v4.19.0}). */
    public TemporaryProject withLeanVersion(String version) {
        return withLeanVersion(LeanVersion.parse(version));
    }

    /** A copy for Lean {@code version}; null for the newest one the REPL supports. */
    public TemporaryProject withLeanVersion(LeanVersion version) {
        return new TemporaryProject(lakefileContent, lakefileKind, version, directory, build, lakePath);
    }

    /** A copy made in {@code directory} (new, empty, or made by lean-interact before); null for the cache. */
    public TemporaryProject withDirectory(Path directory) {
        return new TemporaryProject(lakefileContent, lakefileKind, leanVersion, directory, build, lakePath);
    }

    /** A copy that setup builds ({@code true}, the default) or only creates ({@code false}). */
    public TemporaryProject withBuild(boolean build) {
        return new TemporaryProject(lakefileContent, lakefileKind, leanVersion, directory, build, lakePath);
    }

    /** A copy made and built with this lake program (null: the config's). */
    public TemporaryProject withLakePath(Path lakePath) {
        return new TemporaryProject(lakefileContent, lakefileKind, leanVersion, directory, build, lakePath);
    }
}
