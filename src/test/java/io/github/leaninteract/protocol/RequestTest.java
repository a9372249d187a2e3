package io.github.leaninteract.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestTest {

    private static final IntUnaryOperator PLUS_100 = id -> id + 100;
    private static final IntUnaryOperator MINUS_1 = id -> id - 1;

    @Test
    void emptyOrBlankTextIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Command.of(""));
        assertThrows(IllegalArgumentException.class, () -> Command.of(" \n\t"));
        assertThrows(IllegalArgumentException.class, () -> FileCommand.of(""));
        assertThrows(IllegalArgumentException.class, () -> new ProofStep(0, " "));
        assertThrows(IllegalArgumentException.class, () -> new PickleEnvironment(0, ""));
        assertThrows(IllegalArgumentException.class, () -> new PickleProofState(0, ""));
        assertThrows(IllegalArgumentException.class, () -> new UnpickleEnvironment(""));
        assertThrows(IllegalArgumentException.class, () -> new UnpickleProofState("", null));
    }

    @Test
    void nullTextIsRejectedWithNullPointerException() {
        assertThrows(NullPointerException.class, () -> Command.of(null));
        assertThrows(NullPointerException.class, () -> FileCommand.of(null));
        assertThrows(NullPointerException.class, () -> new ProofStep(0, null));
        assertThrows(NullPointerException.class, () -> new PickleEnvironment(0, null));
        assertThrows(NullPointerException.class, () -> new UnpickleProofState(null));
    }

    @Test
    void negativeIdsAreAllowedBecauseTheyNameSessionCacheStates() {
        assertEquals(-3, Command.of("x").withEnv(-3).env());
        assertEquals(-1, new ProofStep(-1, "rfl").proofState());
        assertEquals(-2, new PickleEnvironment(-2, "a.olean").env());
        assertEquals(-4, new UnpickleProofState("p.olean", -4).env());
    }

    @Test
    void commandWithersSetEachOptionAndLeaveTheOriginalUnchanged() {
        Command base = Command.of("example : True := trivial");
        Command c = base.withEnv(2).withAllTactics(true).withRootGoals(false).withDeclarations(true)
                .withInfotree(InfoTreeOptions.SUBSTANTIVE).withIncrementality(true);
        assertEquals(2, c.env());
        assertEquals(Boolean.TRUE, c.allTactics());
        assertEquals(Boolean.FALSE, c.rootGoals());
        assertEquals(Boolean.TRUE, c.declarations());
        assertEquals(InfoTreeOptions.SUBSTANTIVE, c.infotree());
        assertEquals(Boolean.TRUE, c.incrementality());
        assertNull(base.env());
        assertNull(base.allTactics());
        assertNull(base.setOptions());
        assertNull(c.withEnv((Integer) null).env());
    }

    @Test
    void withOptionAppendsToTheOptionsAlreadySet() {
        Command c = Command.of("x")
                .withSetOptions(List.of(LeanOption.of("pp.all", true)))
                .withOption(List.of("maxHeartbeats"), 400000);
        assertEquals(List.of(new LeanOption(List.of("pp", "all"), true),
                new LeanOption(List.of("maxHeartbeats"), 400000)), c.setOptions());
        assertThrows(UnsupportedOperationException.class, () -> c.setOptions().add(LeanOption.of("a", 1)));
    }

    @Test
    void fileCommandHasTheSameOptions() {
        FileCommand f = FileCommand.of("test/file.lean").withEnv(1).withAllTactics(true)
                .withInfotree(InfoTreeOptions.FULL).withOption(List.of("Elab", "async"), false);
        assertEquals("test/file.lean", f.path());
        assertEquals(1, f.env());
        assertEquals(Boolean.TRUE, f.allTactics());
        assertEquals(InfoTreeOptions.FULL, f.infotree());
        assertEquals(1, f.setOptions().size());
    }

    @Test
    void optionValuesMustBeBooleansIntegersStringsOrNames() {
        assertThrows(IllegalArgumentException.class, () -> LeanOption.of("x", 1.5));
        assertThrows(IllegalArgumentException.class, () -> LeanOption.of("x", new Object()));
        assertThrows(IllegalArgumentException.class, () -> new LeanOption(List.of(), true));
        assertThrows(IllegalArgumentException.class, () -> LeanOption.of("pp..all", true));
        assertThrows(NullPointerException.class, () -> LeanOption.of("x", null));
        assertEquals(List.of("a", "b"), LeanOption.of("x", List.of("a", "b")).value());
    }

    @Test
    void referencedIdsAreTheIdsTheRequestNames() {
        assertEquals(3, Command.of("x").withEnv(3).referencedEnv());
        assertNull(Command.of("x").referencedEnv());
        assertEquals(4, FileCommand.of("f").withEnv(4).referencedEnv());
        assertEquals(5, new PickleEnvironment(5, "p").referencedEnv());
        assertEquals(6, new UnpickleProofState("p", 6).referencedEnv());
        assertNull(new UnpickleEnvironment("p").referencedEnv());
        assertEquals(7, new ProofStep(7, "rfl").referencedProofState());
        assertEquals(8, new PickleProofState(8, "p").referencedProofState());
        assertNull(new ProofStep(7, "rfl").referencedEnv());
        assertNull(Command.of("x").withEnv(1).referencedProofState());
    }

    @Test
    void withReferencedIdsMapsEnvIdsWithTheEnvMapOnly() {
        assertEquals(Command.of("x").withEnv(103).withAllTactics(true),
                Command.of("x").withEnv(3).withAllTactics(true).withReferencedIds(PLUS_100, MINUS_1));
        assertEquals(FileCommand.of("f").withEnv(101), FileCommand.of("f").withEnv(1).withReferencedIds(PLUS_100, MINUS_1));
        assertEquals(new PickleEnvironment(102, "p"), new PickleEnvironment(2, "p").withReferencedIds(PLUS_100, MINUS_1));
        assertEquals(new UnpickleProofState("p", 100), new UnpickleProofState("p", 0).withReferencedIds(PLUS_100, MINUS_1));
    }

    @Test
    void withReferencedIdsMapsProofStateIdsWithTheProofStateMapOnly() {
        assertEquals(new ProofStep(4, "simp"), new ProofStep(5, "simp").withReferencedIds(PLUS_100, MINUS_1));
        assertEquals(new PickleProofState(4, "p"), new PickleProofState(5, "p").withReferencedIds(PLUS_100, MINUS_1));
    }

    @Test
    void withReferencedIdsKeepsRequestsWithoutIdsUnchanged() {
        Command c = Command.of("x");
        assertSame(c, c.withReferencedIds(PLUS_100, MINUS_1));
        UnpickleEnvironment u = new UnpickleEnvironment("p");
        assertSame(u, u.withReferencedIds(PLUS_100, MINUS_1));
        ProofStep p = new ProofStep(1, "rfl");
        assertSame(p, p.withReferencedIds(PLUS_100, IntUnaryOperator.identity()));
    }

    @Test
    void onlyProofStepsAndProofStatePicklesProduceProofStates() {
        assertTrue(new ProofStep(0, "rfl").producesProofState());
        assertTrue(new PickleProofState(0, "p").producesProofState());
        assertTrue(new UnpickleProofState("p").producesProofState());
        assertFalse(Command.of("x").producesProofState());
        assertFalse(FileCommand.of("f").producesProofState());
        assertFalse(new PickleEnvironment(0, "p").producesProofState());
        assertFalse(new UnpickleEnvironment("p").producesProofState());
    }
}
