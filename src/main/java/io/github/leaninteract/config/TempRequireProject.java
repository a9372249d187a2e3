package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Lean project made by setup from a list of dependencies: like {@link TemporaryProject}, in a
 * cache folder named by a hash of the (resolved, sorted) dependencies and the Lean version, built
 * once and reused ({@link #withDirectory(Path)} chooses the folder, {@link #withBuild(boolean)
 * withBuild(false)} only creates it). The usual case is Mathlib at the matching version:
 *
 * <pre>{@code
 * LeanReplConfig.builder().project(TempRequireProject.mathlib().withLeanVersion("v4.19.0")).build();
 * }</pre>
 *
 * @param requires the dependencies, at least one, names unique
 * @param leanVersion the Lean version of the project; null for the newest one the REPL supports
 * @param directory where to make the project; null for a folder in the cache named by its dependencies
 * @param build whether setup updates and builds the project (not only creates it)
 * @param lakePath the lake program for this project, or null for the config's
 */
public record TempRequireProject(List<LeanRequire> requires, LeanVersion leanVersion, Path directory, boolean build,
        Path lakePath) implements LeanProject {

    public TempRequireProject {
        Objects.requireNonNull(requires, "requires");
        requires = List.copyOf(requires);
        if (requires.isEmpty()) {
            throw new IllegalArgumentException("TempRequireProject needs at least one dependency");
        }
        Set<String> names = new HashSet<>();
        for (LeanRequire r : requires) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("TempRequireProject: dependency `" + r.name() + "` is listed twice");
            }
        }
        directory = directory == null ? null : directory.toAbsolutePath().normalize();
    }

    /** A project of the newest Lean version the REPL supports, in the cache, built on setup. */
    public TempRequireProject(List<LeanRequire> requires) {
        this(requires, null);
    }

    /** A project of {@code leanVersion} (null: the newest the REPL supports), in the cache, built on setup. */
    public TempRequireProject(List<LeanRequire> requires, LeanVersion leanVersion) {
        this(requires, leanVersion, null, true, null);
    }

    /** A project with these dependencies, for the newest Lean version the REPL supports. */
    public static TempRequireProject of(LeanRequire... requires) {
        return new TempRequireProject(Arrays.asList(requires));
    }

    /** Mathlib at the tag matching the project's Lean version (the {@code "mathlib"} shortcut). */
    public static TempRequireProject mathlib() {
        return of(LeanRequire.mathlib());
    }

    /** A copy for Lean {@code version} (such as {@code v4.19.0}). */
    public TempRequireProject withLeanVersion(String version) {
        return withLeanVersion(LeanVersion.parse(version));
    }

    /** A copy for Lean {@code version}; null for the newest one the REPL supports. */
    public TempRequireProject withLeanVersion(LeanVersion version) {
        return new TempRequireProject(requires, version, directory, build, lakePath);
    }

    /** A copy made in {@code directory} (new, empty, or made by lean-interact before); null for the cache. */
    public TempRequireProject withDirectory(Path directory) {
        return new TempRequireProject(requires, leanVersion, directory, build, lakePath);
    }

    /** A copy that setup builds ({@code true}, the default) or only creates ({@code false}). */
    public TempRequireProject withBuild(boolean build) {
        return new TempRequireProject(requires, leanVersion, directory, build, lakePath);
    }

    /** A copy made and built with this lake program (null: the config's). */
    public TempRequireProject withLakePath(Path lakePath) {
        return new TempRequireProject(requires, leanVersion, directory, build, lakePath);
    }

    /** The dependencies for {@code version}, sorted by name (so that their order does not change the hash). */
    List<LeanRequire> resolvedRequires(LeanVersion version) {
        return requires.stream().map(r -> r.resolvedFor(version))
                .sorted(Comparator.comparing(LeanRequire::name)).toList();
    }
}
