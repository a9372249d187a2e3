/**
 * The command line of the jar: {@code java -jar lean-interact-<version>.jar <command> [options]}, with
 * the commands {@code demo}, {@code repl}, {@code setup}, {@code versions} and {@code clear-cache}
 * (see {@link io.github.leaninteract.cli.Main}). The commands print to the standard streams, as a
 * command line does; the library underneath still only logs through SLF4J.
 */
package io.github.leaninteract.cli;
