/**
 * The Lean REPL's JSON protocol as immutable Java values.
 *
 * <p>Requests ({@link io.github.leaninteract.protocol.LeanRequest} and its seven kinds) are validated
 * when they are created; responses ({@link io.github.leaninteract.protocol.LeanResponse}) are read
 * leniently: unknown fields never make parsing fail, and in info trees and declarations they are kept.
 * {@link io.github.leaninteract.protocol.LeanJson} converts between these values and the wire format.
 *
 * <p>Every type in this package is immutable and thread-safe. The package depends only on the JDK and
 * Jackson.
 */
package io.github.leaninteract.protocol;
