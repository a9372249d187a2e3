/**
 * Session caches: environments and proof states kept under negative session ids that stay valid across
 * REPL restarts.
 *
 * <p>{@link io.github.leaninteract.sessioncache.ReplaySessionCache} restores a state by replaying the requests
 * that made it; {@link io.github.leaninteract.sessioncache.PickleSessionCache} has the REPL pickle each state
 * to a file guarded by a cross-process lock. Both are thread-safe and may be shared by several servers;
 * each state keeps one REPL id per server process.
 */
package io.github.leaninteract.sessioncache;
