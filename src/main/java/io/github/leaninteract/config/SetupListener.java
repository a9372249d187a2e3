package io.github.leaninteract.config;

/**
 * Follows a setup while it runs, for example to show progress during a build that takes minutes:
 * give one to {@link LeanReplConfig#setup(SetupListener)}.
 *
 * <pre>{@code
 * config.setup(new SetupListener() {
 *     public void step(String description) { System.out.println(description); }
 *     public void outputLine(String tool, String line) { System.out.println("  " + tool + ": " + line); }
 * });
 * }</pre>
 *
 * <p>Both methods have empty defaults. {@link #step} is called on the thread running the setup,
 * {@link #outputLine} on a thread reading the tool's output, so an implementation must be
 * thread-safe; calls must return quickly (a slow listener slows the tool down). An exception thrown
 * by a listener is logged and otherwise ignored: it never stops a setup.
 */
public interface SetupListener {

    /** A listener that ignores everything. */
    SetupListener NONE = new SetupListener() { };

    /**
     * A step of the setup starts, such as cloning a repository or building a project.
     *
     * @param description what is done and where, in words, such as
     *     {@code "Building the Lean REPL in /home/me/.cache/lean-interact/..."}
     */
    default void step(String description) {
    }

    /**
     * A tool (git, lake) printed a line, on its standard output or error.
     *
     * @param tool the program's file name, such as {@code lake}
     * @param line the line, without its line break (cut at 1000 characters)
     */
    default void outputLine(String tool, String line) {
    }
}
