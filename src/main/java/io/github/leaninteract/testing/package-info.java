/**
 * {@link io.github.leaninteract.testing.ReplSimulator}: a simulated Lean REPL (a child process speaking the
 * REPL's protocol, with fault injection) for tests and for trying the library without Lean. It is a
 * simulator, not a prover.
 */
package io.github.leaninteract.testing;
