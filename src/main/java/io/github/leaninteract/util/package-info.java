/**
 * Text helpers for Lean 4 code: {@link io.github.leaninteract.util.LeanCode} finds and removes comments,
 * splits a declaration into statement and proof, and renames or strips theorems, all on top of a small
 * lexer of Lean's comments and string and char literals.
 *
 * <p>Everything here is stateless and thread-safe, and the package depends only on the JDK.
 */
package io.github.leaninteract.util;
