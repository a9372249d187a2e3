package io.github.leaninteract.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeanJsonRequestTest {

    @Test
    void commandIsWrittenCompactlyWithOnlyTheFieldsSet() {
        assertEquals("{\"cmd\":\"def f := 1\"}", LeanJson.writeRequest(Command.of("def f := 1")));
        assertEquals("{\"cmd\":\"x\",\"env\":0}", LeanJson.writeRequest(Command.of("x").withEnv(0)));
    }

    @Test
    void commandOptionsUseTheirWireNames() {
        Command c = Command.of("x").withEnv(1).withAllTactics(true).withRootGoals(false).withDeclarations(true)
                .withInfotree(InfoTreeOptions.ORIGINAL).withIncrementality(false)
                .withOption(List.of("Elab", "async"), true).withOption(List.of("maxHeartbeats"), 0);
        assertEquals("{\"cmd\":\"x\",\"env\":1,\"allTactics\":true,\"rootGoals\":false,\"declarations\":true,"
                + "\"infotree\":\"original\",\"incrementality\":false,"
                + "\"setOptions\":[[[\"Elab\",\"async\"],true],[[\"maxHeartbeats\"],0]]}", LeanJson.writeRequest(c));
    }

    @Test
    void newlinesInCodeAreEscapedSoTheRequestStaysOnOneLine() {
        String json = LeanJson.writeRequest(Command.of("theorem t : True := by\n  trivial"));
        assertFalse(json.contains("\n"));
        assertEquals("{\"cmd\":\"theorem t : True := by\\n  trivial\"}", json);
    }

    @Test
    void everyOtherRequestKindHasItsWireShape() {
        assertEquals("{\"path\":\"a.lean\",\"allTactics\":true}",
                LeanJson.writeRequest(FileCommand.of("a.lean").withAllTactics(true)));
        assertEquals("{\"tactic\":\"simp\",\"proofState\":3}", LeanJson.writeRequest(new ProofStep(3, "simp")));
        assertEquals("{\"env\":2,\"pickleTo\":\"e.olean\"}", LeanJson.writeRequest(new PickleEnvironment(2, "e.olean")));
        assertEquals("{\"proofState\":1,\"pickleTo\":\"p.olean\"}",
                LeanJson.writeRequest(new PickleProofState(1, "p.olean")));
        assertEquals("{\"unpickleEnvFrom\":\"e.olean\"}", LeanJson.writeRequest(new UnpickleEnvironment("e.olean")));
        assertEquals("{\"unpickleProofStateFrom\":\"p.olean\"}",
                LeanJson.writeRequest(new UnpickleProofState("p.olean")));
        assertEquals("{\"unpickleProofStateFrom\":\"p.olean\",\"env\":0}",
                LeanJson.writeRequest(new UnpickleProofState("p.olean", 0)));
    }

    @Test
    void readRequestDecidesTheKindByItsFields() {
        assertEquals(Command.of("x").withEnv(1), LeanJson.readRequest("{\"cmd\": \"x\", \"env\": 1}"));
        assertEquals(FileCommand.of("f.lean"), LeanJson.readRequest("{\"path\": \"f.lean\"}"));
        assertEquals(new ProofStep(2, "rfl"), LeanJson.readRequest("{\"tactic\": \"rfl\", \"proofState\": 2}"));
        assertEquals(new PickleEnvironment(0, "a"), LeanJson.readRequest("{\"pickleTo\": \"a\", \"env\": 0}"));
        assertEquals(new PickleProofState(0, "a"), LeanJson.readRequest("{\"pickleTo\": \"a\", \"proofState\": 0}"));
        assertEquals(new UnpickleEnvironment("a"), LeanJson.readRequest("{\"unpickleEnvFrom\": \"a\"}"));
        assertEquals(new UnpickleProofState("a", 3),
                LeanJson.readRequest("{\"unpickleProofStateFrom\": \"a\", \"env\": 3}"));
    }

    @Test
    void readRequestReadsEveryCommandOption() {
        String json = "{\"cmd\":\"x\",\"env\":1,\"allTactics\":true,\"rootGoals\":false,\"declarations\":true,"
                + "\"infotree\":\"tactics\",\"incrementality\":true,"
                + "\"setOptions\":[[[\"pp\",\"all\"],true],[[\"n\"],12],[[\"s\"],\"v\"]]}";
        LeanRequest r = LeanJson.readRequest(json);
        assertEquals(Command.of("x").withEnv(1).withAllTactics(true).withRootGoals(false).withDeclarations(true)
                .withInfotree(InfoTreeOptions.TACTICS).withIncrementality(true)
                .withOption(List.of("pp", "all"), true).withOption(List.of("n"), 12).withOption(List.of("s"), "v"), r);
        assertEquals(json, LeanJson.writeRequest(r));
    }

    @Test
    void readRequestFollowsTheReplsPrecedenceIgnoresOtherKindsFieldsAndKeepsUnknownOnes() {
        // The REPL tries a proof step first, so a tactic with a proof state wins over cmd.
        assertEquals(new ProofStep(0, "rfl"), LeanJson.readRequest("{\"cmd\":\"x\",\"tactic\":\"rfl\",\"proofState\":0}"));
        assertEquals(Command.of("x").withExtra("unknown", List.of(1)),
                LeanJson.readRequest("{\"cmd\":\"x\",\"path\":\"f\",\"unknown\":[1]}"));
        assertEquals(Command.of("x"), LeanJson.readRequest("{\"cmd\":\"x\",\"env\":null}"));
    }

    @Test
    void readRequestRejectsUnknownShapesWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeanJson.readRequest("{\"proofState\": 1}"));
        assertTrue(e.getMessage().contains("not a REPL request"), e.getMessage());
        assertTrue(e.getMessage().contains("proofState"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("[1]"));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": "));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest(""));
    }

    @Test
    void readRequestRejectsFieldsOfTheWrongTypeOrValue() {
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": \"\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": \"x\", \"env\": 1.5}"));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": \"x\", \"env\": \"1\"}"));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": \"x\", \"allTactics\": 1}"));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": \"x\", \"infotree\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> LeanJson.readRequest("{\"cmd\": \"x\", \"infotree\": \" \"}"));
        assertThrows(IllegalArgumentException.class,
                () -> LeanJson.readRequest("{\"cmd\": \"x\", \"setOptions\": [[\"pp.all\", true]]}"));
        assertThrows(IllegalArgumentException.class,
                () -> LeanJson.readRequest("{\"tactic\": \"rfl\", \"proofState\": 99999999999}"));
    }

    @Test
    void toTreeGivesAFreshObjectEachTime() {
        Command c = Command.of("x");
        LeanJson.toTree(c).put("cmd", "changed");
        assertEquals("x", LeanJson.toTree(c).get("cmd").textValue());
    }
}
