package io.github.leaninteract.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ids an {@link AutoLeanServer} hands out in place of the REPL's raw ids: opaque positive handles, each
 * bound to the server and the REPL process that made its state, so that a handle that comes back anywhere
 * else is recognised and refused instead of naming whatever that REPL numbered the same way.
 *
 * <p>Handles come from one counter for the whole JVM, in blocks of {@value #BLOCK_SIZE}: a block belongs to
 * one process of one server, and a JVM-wide table says whose each block is. A server keeps the
 * handle-to-REPL-id map (four bytes a handle) of its current process only; when the process ends the map
 * is dropped and only the small record of its blocks stays, so memory does not grow with dead processes.
 *
 * <p>Handles start at {@value #FIRST_HANDLE}, above the ids a REPL process normally reaches, so that a raw
 * REPL id of a plain {@link LeanServer} is recognised as never issued. When the int range is used up the
 * counter starts again, reusing only blocks of processes that have ended: a handle of a process that ended
 * some two billion handles earlier is then no longer recognised as such.
 *
 * <p>Thread-safety: a {@link Registry} is synchronized; a {@link Table} is used under its server's exclusive
 * access, except {@link Table#issuedHere}, which only reads the registry.
 */
final class IdHandles {

    static final int BLOCK_BITS = 10;
    static final int BLOCK_SIZE = 1 << BLOCK_BITS;
    static final int FIRST_HANDLE = 1 << 20;

    /** The registry of every server of this JVM. */
    static final Registry JVM = new Registry(FIRST_HANDLE >>> BLOCK_BITS, (int) ((1L << 31) >>> BLOCK_BITS));

    private IdHandles() {}

    /** One REPL process of one server: the handles it was given, and while it lives, what they stand for. */
    static final class Process {
        final String server;
        final long generation;
        final long pid;
        // Per block of this process, at each handle's offset: (REPL id << 1 | 1 for a proof state) + 1, so that
        // 0 means not issued. Four bytes a handle. Emptied when the process ends. Guarded by the server.
        final Map<Integer, int[]> ids = new HashMap<>();
        volatile boolean ended;
        // Guarded by the registry.
        private int block = -1;
        private int used = BLOCK_SIZE;

        Process(String server, long generation, long pid) {
            this.server = server;
            this.generation = generation;
            this.pid = pid;
        }

        String describe() {
            // Whether a process that has not ended yet is still alive is its server's to know, not ours.
            return server + "'s REPL process " + pid + " (process generation " + generation
                    + (ended ? ", ended)" : ")");
        }
    }

    /** What a non-negative id in a request stands for. */
    record Resolved(int replId, boolean proofState) {}

    /** The handles of one server. */
    static final class Table {
        private final String server;
        private final Registry registry;
        private volatile Process current;

        Table(String server, Registry registry) {
            this.server = server;
            this.registry = registry;
        }

        /**
         * A new handle for the REPL id {@code replId} of the process {@code generation} (pid {@code pid}) of
         * this server; a newer generation than the last ends the older one.
         */
        int issue(long generation, long pid, int replId, boolean proofState) {
            if (current == null || current.generation != generation) {
                endCurrent();
                current = new Process(server, generation, pid);
            }
            int handle = registry.nextHandle(current);
            if (replId < 0 || replId >= (1 << 30)) {
                throw new IllegalArgumentException("The REPL answered the id " + replId + ", outside 0 to 2^30");
            }
            current.ids.computeIfAbsent(handle >>> BLOCK_BITS, b -> new int[BLOCK_SIZE])[handle & (BLOCK_SIZE - 1)] =
                    ((replId << 1) | (proofState ? 1 : 0)) + 1;
            return handle;
        }

        /** Forgets the REPL ids of the current process, which has ended (its record stays, for messages). */
        void endCurrent() {
            if (current != null) {
                current.ended = true;
                current.ids.clear();
                current = null;
            }
        }

        /**
         * The REPL id that {@code handle} stands for in process {@code generation} of this server.
         *
         * @param field the request field, for messages
         * @throws IllegalArgumentException when it is not a handle of that process, or of another kind
         */
        int replId(int handle, boolean proofState, long generation, String field) {
            if (current != null && current.generation == generation) {
                int[] block = current.ids.get(handle >>> BLOCK_BITS);
                int entry = block == null ? -1 : block[handle & (BLOCK_SIZE - 1)] - 1;
                if (entry >= 0) {
                    boolean isProofState = (entry & 1) == 1;
                    if (isProofState != proofState) {
                        throw new IllegalArgumentException("The id " + handle + " in the field '" + field + "' names "
                                + (isProofState ? "a proof state" : "an environment") + ", not "
                                + (proofState ? "a proof state" : "an environment") + "; nothing was sent");
                    }
                    return entry >>> 1;
                }
            } else if (current != null) {
                endCurrent();
            }
            throw new IllegalArgumentException(refusal(handle, field));
        }

        private String refusal(int handle, String field) {
            Process owner = registry.ownerOf(handle);
            String head = "The id " + handle + " in the field '" + field + "' ";
            if (owner == null) {
                return head + "was never handed out by an AutoLeanServer of this JVM (raw REPL ids of a plain "
                        + "LeanServer, or of another JVM, mean nothing here); nothing was sent. Use an id that "
                        + server + " or a pool of it answered, or a negative session id";
            }
            String keep = " REPL ids live only as long as their process; to keep a state across servers and "
                    + "restarts, cache it (run(request, true)) and use its negative session id";
            if (!owner.server.equals(server)) {
                return head + "came from " + owner.describe() + ", not from " + server + ", where it would name "
                        + "another state; nothing was sent. Send it to " + owner.server
                        + (owner.ended ? " (its process has ended, so the state is lost)." : ".") + keep;
            }
            return head + "came from " + owner.describe() + ", which has been replaced: the state is lost; nothing"
                    + " was sent." + keep;
        }

        /** Marks the current process as ended (its server was closed), without touching its map. */
        void markEnded() {
            Process p = current;
            if (p != null) {
                p.ended = true;
            }
        }

        /** Whether this server handed out {@code handle} (in any of its processes). */
        boolean issuedHere(int handle) {
            Process owner = registry.ownerOf(handle);
            return owner != null && owner.server.equals(server);
        }
    }

    /** Which process each block of handles belongs to. */
    static final class Registry {
        private final int firstBlock;
        private final int blocks;
        // Owners by block number less firstBlock; guarded by this.
        private final List<Process> owners = new ArrayList<>();
        private int wrapCursor;

        /** Blocks {@code firstBlock} (inclusive) to {@code blocks} (exclusive). */
        Registry(int firstBlock, int blocks) {
            this.firstBlock = firstBlock;
            this.blocks = blocks;
        }

        /** The process that was given {@code handle}, or {@code null} when no process was. */
        synchronized Process ownerOf(int handle) {
            int block = handle >>> BLOCK_BITS;
            int index = block - firstBlock;
            if (handle < 0 || index < 0 || index >= owners.size()) {
                return null;
            }
            Process owner = owners.get(index);
            // Within the block a process is still filling, only the handles given out so far are issued.
            if (block == owner.block && (handle & (BLOCK_SIZE - 1)) >= owner.used) {
                return null;
            }
            return owner;
        }

        /** The next handle of {@code process}, taking a new block for it when its block is full. */
        synchronized int nextHandle(Process process) {
            if (process.used == BLOCK_SIZE) {
                process.block = allocate(process);
                process.used = 0;
            }
            return (process.block << BLOCK_BITS) + process.used++;
        }

        private int allocate(Process process) {
            if (firstBlock + owners.size() < blocks) {
                owners.add(process);
                return firstBlock + owners.size() - 1;
            }
            // Used up: start again, taking only blocks of processes that have ended.
            for (int i = 0; i < owners.size(); i++) {
                int index = (wrapCursor + i) % owners.size();
                if (owners.get(index).ended) {
                    owners.set(index, process);
                    wrapCursor = index + 1;
                    return firstBlock + index;
                }
            }
            throw new IllegalStateException("Every id handle of this JVM is held by a running REPL process");
        }
    }
}
