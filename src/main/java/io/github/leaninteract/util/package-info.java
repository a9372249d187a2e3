/**
 * Helpers that depend only on the JDK. {@link io.github.leaninteract.util.LeanCode} finds and removes
 * comments of Lean 4 code, splits a declaration into statement and proof, and renames or strips theorems,
 * all on top of a small lexer of Lean's comments and string and char literals; it is stateless and
 * thread-safe. {@link io.github.leaninteract.util.LockFile} is the cross-process file lock that the session
 * cache and the setup share: public only so that those packages can share it, not part of the supported API.
 */
package io.github.leaninteract.util;
