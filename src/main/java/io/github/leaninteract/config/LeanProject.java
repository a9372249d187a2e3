package io.github.leaninteract.config;

import java.nio.file.Path;

/**
 * The Lean project a REPL runs in, so that its imports resolve: the server starts
 * {@code lake env <repl>} in the project's folder. Give one to
 * {@link LeanReplConfig.Builder#project(LeanProject)}; {@link LeanReplConfig#setup()} prepares it
 * (clone, create, build) and reads its Lean version from its {@code lean-toolchain} file.
 *
 * <ul>
 *   <li>{@link LocalProject}: an existing folder on this machine;</li>
 *   <li>{@link GitProject}: a repository cloned into the cache (or a folder you choose);</li>
 *   <li>{@link TemporaryProject}: a project made from the lakefile you give;</li>
 *   <li>{@link TempRequireProject}: a project made from a list of dependencies, such as Mathlib.</li>
 * </ul>
 *
 * <p>Projects are immutable values; preparing them happens only in {@code setup()}, or in
 * {@link LeanReplConfig#buildProject(boolean, SetupListener)} to build or update one explicitly.
 * {@link LeanReplConfig#projectDirectory()} and {@link LeanReplConfig#projectLeanVersion()} tell where
 * a project is and which Lean version its {@code lean-toolchain} names.
 */
public sealed interface LeanProject permits LocalProject, GitProject, TemporaryProject, TempRequireProject {

    /**
     * The lake program that prepares and builds this project and starts the REPL in it (a bare name
     * is looked up on the PATH), or {@code null} for the config's {@link LeanReplConfig#lakePath()}.
     */
    Path lakePath();
}
