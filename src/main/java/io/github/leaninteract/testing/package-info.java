/**
 * {@link io.github.leaninteract.testing.ReplSimulator}: a simulated Lean REPL (a child process speaking the
 * REPL's protocol, with fault injection) for tests and for trying the library without Lean. It is a
 * simulator, not a prover. {@link io.github.leaninteract.testing.ScriptedSimulator} scripts it with
 * {@link io.github.leaninteract.testing.SimulatorFault} values and hands out the requests it received
 * ({@link io.github.leaninteract.testing.RecordedRequests}), as MockWebServer does for HTTP.
 */
package io.github.leaninteract.testing;
