package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bookkeeping of handles: who issued each one, and what happens when the range is used up. */
class IdHandlesTest {

    private static final int FIRST_BLOCK = 4;

    private static int firstHandle() {
        return FIRST_BLOCK << IdHandles.BLOCK_BITS;
    }

    @Test
    void aHandleStandsForItsReplIdAndKindInItsProcessOnly() {
        IdHandles.Registry registry = new IdHandles.Registry(FIRST_BLOCK, 100);
        IdHandles.Table table = new IdHandles.Table("s", registry);
        int env = table.issue(1, 10, 0, false);
        int ps = table.issue(1, 10, 0, true);
        assertEquals(0, table.replId(env, false, 1, "env"));
        assertEquals(0, table.replId(ps, true, 1, "proofState"));
        assertThrows(IllegalArgumentException.class, () -> table.replId(env, true, 1, "proofState"));
        IllegalArgumentException lost = assertThrows(IllegalArgumentException.class,
                () -> table.replId(env, false, 2, "env"));
        assertTrue(lost.getMessage().contains("lost") && lost.getMessage().contains(" 10 "), lost.getMessage());
    }

    @Test
    void handlesOfTwoServersNeverCoincideAndEachKnowsItsOwn() {
        IdHandles.Registry registry = new IdHandles.Registry(FIRST_BLOCK, 100);
        IdHandles.Table a = new IdHandles.Table("a", registry);
        IdHandles.Table b = new IdHandles.Table("b", registry);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3 * IdHandles.BLOCK_SIZE; i++) {
            int ha = a.issue(1, 10, i, false);
            int hb = b.issue(1, 20, i, false);
            assertTrue(seen.add(ha) && seen.add(hb));
            assertTrue(a.issuedHere(ha) && !a.issuedHere(hb) && b.issuedHere(hb));
        }
        assertNull(registry.ownerOf(firstHandle() - 1));
        assertFalse(a.issuedHere(firstHandle() + 6 * IdHandles.BLOCK_SIZE + 1), "not issued yet");
    }

    @Test
    void whenTheRangeIsUsedUpOnlyBlocksOfEndedProcessesAreReused() {
        IdHandles.Registry registry = new IdHandles.Registry(FIRST_BLOCK, FIRST_BLOCK + 2);
        IdHandles.Table live = new IdHandles.Table("live", registry);
        IdHandles.Table dying = new IdHandles.Table("dying", registry);
        int kept = live.issue(1, 10, 5, true);
        int old = dying.issue(1, 20, 6, true);
        dying.endCurrent();
        int reused = dying.issue(2, 21, 7, true);
        assertEquals(old, reused, "the ended process's block is the only free one");
        assertEquals(5, live.replId(kept, true, 1, "proofState"));
        assertEquals(7, dying.replId(reused, true, 2, "proofState"));
        IdHandles.Table third = new IdHandles.Table("third", registry);
        assertThrows(IllegalStateException.class, () -> third.issue(1, 30, 0, false),
                "no block is free while every process lives");
        assertNotEquals(registry.ownerOf(kept), registry.ownerOf(reused));
    }
}
