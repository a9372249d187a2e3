/**
 * Clients of the Lean REPL process.
 *
 * <p>{@link io.github.leaninteract.server.LeanServer} runs one REPL process and speaks its protocol;
 * {@link io.github.leaninteract.server.AutoLeanServer} adds restarts (after crashes, timeouts and under
 * memory pressure) and keeps session states valid through a
 * {@link io.github.leaninteract.sessioncache.SessionCache};
 * {@link io.github.leaninteract.server.LeanServerPool} runs several of them over one cache. Transport
 * failures are unchecked exceptions under {@link io.github.leaninteract.server.LeanServerException}, itself
 * under the library's root {@link io.github.leaninteract.protocol.LeanInteractException}; an error answer of
 * Lean is a {@link io.github.leaninteract.protocol.LeanError} value from {@code run}, and a
 * {@link io.github.leaninteract.protocol.LeanErrorException} from the typed methods ({@code command},
 * {@code proofStep}, …).
 *
 * <p>All servers are thread-safe and kill their whole process tree when closed.
 */
package io.github.leaninteract.server;
