/**
 * How to find, set up and start a Lean REPL: {@link io.github.leaninteract.config.LeanReplConfig} (an
 * immutable value; building it does no I/O), Lean versions, and the Lean projects a REPL can run in.
 * {@link io.github.leaninteract.config.LeanReplConfig#setup()} clones, checks out and builds the REPL under
 * cross-process locks, so several JVMs may set up one cache at once, and returns what it prepared as a value of
 * its own, a {@link io.github.leaninteract.config.ReplSetup}; the config is left as it was.
 */
package io.github.leaninteract.config;
