package io.github.leaninteract.config;

import java.util.Objects;

/**
 * One dependency of a {@link TempRequireProject}, written to its lakefile as
 * {@code require <name> from git "<git>" @ "<revision>"}.
 *
 * @param name the package name (as in the dependency's own lakefile)
 * @param git the git URL of the dependency
 * @param revision a branch, tag or commit; null for the default branch; {@link #LEAN_VERSION} for
 *     the tag named like the project's Lean version (as Mathlib and Batteries tag their releases)
 */
public record LeanRequire(String name, String git, String revision) {

    /** A revision that stands for the project's Lean version, such as {@code v4.19.0}. */
    public static final String LEAN_VERSION = "<lean-version>";

    /** Mathlib's repository. */
    public static final String MATHLIB_GIT = "https://github.com/leanprover-community/mathlib4.git";

    public LeanRequire {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(git, "git");
        if (name.isBlank() || git.isBlank()) {
            throw new IllegalArgumentException("LeanRequire: name and git must not be blank");
        }
        if (!name.matches("[^\\s\"]+")) {
            throw new IllegalArgumentException("LeanRequire: `" + name + "` is not a Lean package name (no blanks or quotes)");
        }
        if (git.contains("\"") || (revision != null && (revision.isBlank() || revision.contains("\"")))) {
            throw new IllegalArgumentException("LeanRequire: git URL and revision must be non-blank and free of quotes");
        }
    }

    /** A dependency on the default branch of {@code git}. */
    public LeanRequire(String name, String git) {
        this(name, git, null);
    }

    /** Mathlib at the tag of the project's Lean version. */
    public static LeanRequire mathlib() {
        return new LeanRequire("mathlib", MATHLIB_GIT, LEAN_VERSION);
    }

    /** This dependency with {@link #LEAN_VERSION} replaced by {@code version}. */
    LeanRequire resolvedFor(LeanVersion version) {
        return LEAN_VERSION.equals(revision) ? new LeanRequire(name, git, version.toString()) : this;
    }

    /** The {@code require} line of a {@code lakefile.lean}. */
    String lakefileLine() {
        return "require " + name + " from git\n  \"" + git + "\"" + (revision == null ? "" : " @ \"" + revision + "\"");
    }
}
