package io.github.leaninteract.config;

import java.util.Objects;

/**
 * A Lean project made by setup from the lakefile you give: in the cache, in a folder named by a
 * hash of the lakefile and the Lean version, initialised with {@code lake init}, updated and built
 * once, and reused by every later setup (in any process).
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
 */
public record TemporaryProject(String lakefileContent, LakefileKind lakefileKind, LeanVersion leanVersion)
        implements LeanProject {

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
    }

    /** A project of the newest Lean version the REPL supports. */
    public TemporaryProject(String lakefileContent, LakefileKind lakefileKind) {
        this(lakefileContent, lakefileKind, null);
    }

    /** A copy for Lean {@code version} (such as {@code v4.19.0}). */
    public TemporaryProject withLeanVersion(String version) {
        return withLeanVersion(LeanVersion.parse(version));
    }

    /** A copy for Lean {@code version}; null for the newest one the REPL supports. */
    public TemporaryProject withLeanVersion(LeanVersion version) {
        return new TemporaryProject(lakefileContent, lakefileKind, version);
    }
}
