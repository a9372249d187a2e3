/**
 * The command line of the jar: {@code java -jar lean-interact-<version>.jar <command> [options]}, with
 * the commands {@code demo}, {@code repl}, {@code setup}, {@code versions} and {@code clear-cache}
 * (see {@link io.github.leaninteract.cli.Main}). The commands print to the standard streams, as a
 * command line does; the library underneath still only logs through SLF4J.
 *
 * <p>{@link io.github.leaninteract.cli.ReplSelection} is the command lines' choice of REPL
 * ({@code --lean-version}, {@code --project}, {@code --repl-path}, {@code -- PROGRAM}) as a serializable
 * value, shared with {@code io.github.leaninteract.spark.CheckJob}.
 */
package io.github.leaninteract.cli;
