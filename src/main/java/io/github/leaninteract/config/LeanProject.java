package io.github.leaninteract.config;

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
 * <p>Projects are immutable values; preparing them happens only in {@code setup()}.
 */
public sealed interface LeanProject permits LocalProject, GitProject, TemporaryProject, TempRequireProject {
}
