package io.github.leaninteract.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An existing Lean project on this machine. Its Lean version comes from its {@code lean-toolchain}.
 * By default setup runs {@code lake exe cache get} (allowed to fail) and {@code lake build} in it,
 * so that its modules can be imported; {@link #withBuild(boolean) withBuild(false)} skips that and
 * {@link #withUpdate(boolean) withUpdate(true)} runs {@code lake update} first.
 *
 * <pre>{@code
 * LeanReplConfig.builder().project(new LocalProject(Path.of("/work/my-lean-project"))).build();
 * }</pre>
 *
 * @param directory the project's folder (made absolute; not checked until setup)
 * @param build whether setup builds the project
 * @param update whether setup runs {@code lake update} before building
 * @param lakePath the lake program for this project, or null for the config's
 */
public record LocalProject(Path directory, boolean build, boolean update, Path lakePath) implements LeanProject {

    public LocalProject {
        Objects.requireNonNull(directory, "directory");
        directory = directory.toAbsolutePath().normalize();
        if (update && !build) {
            throw new IllegalArgumentException("LocalProject: update=true needs build=true (lake update is part of building)");
        }
    }

    /** A project that is built (not updated) on setup, with the config's lake. */
    public LocalProject(Path directory) {
        this(directory, true, false, null);
    }

    /** A project built and updated as given, with the config's lake. */
    public LocalProject(Path directory, boolean build, boolean update) {
        this(directory, build, update, null);
    }

    public LocalProject withBuild(boolean build) {
        return new LocalProject(directory, build, build && update, lakePath);
    }

    public LocalProject withUpdate(boolean update) {
        return new LocalProject(directory, build || update, update, lakePath);
    }

    /** A copy built with this lake program (null: the config's). */
    public LocalProject withLakePath(Path lakePath) {
        return new LocalProject(directory, build, update, lakePath);
    }

    /**
     * The Lean version the project's {@code lean-toolchain} names.
     *
     * @throws LeanSetupException when the file is missing or names no Lean release (a nightly, say)
     */
    public LeanVersion leanVersion() {
        return ProjectPreparer.projectVersion(directory);
    }
}
