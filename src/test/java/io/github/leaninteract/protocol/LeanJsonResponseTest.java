package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeanJsonResponseTest {

    private static final Command CMD = Command.of("theorem t : 1 = 1 := by sorry");
    private static final ProofStep STEP = new ProofStep(0, "rfl");

    @Test
    void commandAnswerIsReadWithMessagesAndSorries() {
        String json = """
                {"sorries":
                 [{"proofState": 0,
                   "pos": {"line": 1, "column": 23},
                   "goal": "⊢ 1 = 1",
                   "endPos": {"line": 1, "column": 28}}],
                 "messages":
                 [{"severity": "warning",
                   "pos": {"line": 1, "column": 8},
                   "endPos": {"line": 1, "column": 9},
                   "data": "declaration uses `sorry`"}],
                 "env": 0}
                """;
        CommandResponse r = assertInstanceOf(CommandResponse.class, LeanJson.readResponse(CMD, json));
        assertEquals(0, r.env());
        assertEquals(List.of(new Message(Pos.of(1, 8), Pos.of(1, 9), Severity.WARNING, "declaration uses `sorry`")),
                r.messages());
        assertEquals(List.of(new Sorry(Pos.of(1, 23), Pos.of(1, 28), "⊢ 1 = 1", 0)), r.sorries());
        assertTrue(r.tactics().isEmpty());
        assertTrue(r.declarations().isEmpty());
        assertTrue(r.infotree().isEmpty());
    }

    @Test
    void tacticsAreRead() {
        String json = "{\"tactics\": [{\"usedConstants\": [\"Nat\"], \"tactic\": \"exact t\", \"proofState\": 1,"
                + " \"pos\": {\"line\": 1, \"column\": 32}, \"goals\": \"t : Nat\\n⊢ Nat\","
                + " \"endPos\": {\"line\": 1, \"column\": 39}}], \"env\": 0}";
        CommandResponse r = (CommandResponse) LeanJson.readResponse(CMD.withAllTactics(true), json);
        assertEquals(List.of(new Tactic(Pos.of(1, 32), Pos.of(1, 39), "t : Nat\n⊢ Nat", "exact t", 1, List.of("Nat"))),
                r.tactics());
    }

    @Test
    void proofStepAnswerIsRead() {
        String json = "{\"traces\": [\"37\"], \"proofStatus\": \"Incomplete: open goals remain\","
                + " \"proofState\": 1, \"goals\": [\"⊢ f = 37\"]}";
        ProofStepResponse r = assertInstanceOf(ProofStepResponse.class, LeanJson.readResponse(STEP, json));
        assertEquals(new ProofStepResponse(1, List.of("⊢ f = 37"), "Incomplete: open goals remain", List.of(),
                List.of(), List.of("37")), r);
        assertFalse(r.isCompleted());
    }

    @Test
    void theRequestKindDecidesTheResponseKind() {
        assertInstanceOf(CommandResponse.class, LeanJson.readResponse(new PickleEnvironment(0, "a"), "{\"env\": 0}"));
        assertInstanceOf(CommandResponse.class, LeanJson.readResponse(new UnpickleEnvironment("a"), "{\"env\": 1}"));
        assertInstanceOf(CommandResponse.class, LeanJson.readResponse(FileCommand.of("f"), "{\"env\": 1}"));
        String step = "{\"proofStatus\": \"Completed\", \"proofState\": 6, \"goals\": []}";
        assertInstanceOf(ProofStepResponse.class, LeanJson.readResponse(new PickleProofState(0, "a"), step));
        assertInstanceOf(ProofStepResponse.class, LeanJson.readResponse(new UnpickleProofState("a"), step));
        assertTrue(((ProofStepResponse) LeanJson.readResponse(STEP, step)).isCompleted());
    }

    @Test
    void anObjectWithOnlyAMessageIsALeanErrorForAnyRequest() {
        assertEquals(new LeanError("Unknown environment."),
                LeanJson.readResponse(CMD, "{\"message\": \"Unknown environment.\"}"));
        assertEquals(new LeanError("Lean error:\n<input>:1:1: unknown tactic"),
                LeanJson.readResponse(STEP, "{\"message\": \"Lean error:\\n<input>:1:1: unknown tactic\"}"));
        assertTrue(LeanJson.readResponse(STEP, "{\"message\": \"x\"}").isError());
    }

    @Test
    void aMessageFieldBesideOtherFieldsIsNotALeanError() {
        LeanResponse r = LeanJson.readResponse(CMD, "{\"message\": \"x\", \"env\": 3}");
        assertEquals(CommandResponse.of(3), r);
    }

    @Test
    void unknownFieldsAndMissingListsAreFine() {
        CommandResponse r = (CommandResponse) LeanJson.readResponse(CMD,
                "{\"env\": 4, \"newField\": {\"a\": [1, 2]}, \"messages\": [{\"severity\": \"info\","
                        + " \"pos\": {\"line\": 1, \"column\": 0}, \"data\": \"hi\", \"extra\": true}]}");
        assertEquals(4, r.env());
        assertEquals(1, r.messages().size());
        assertNull(r.messages().get(0).endPos());
        ProofStepResponse p = (ProofStepResponse) LeanJson.readResponse(STEP, "{\"proofState\": 2, \"future\": 1}");
        assertEquals(ProofStepResponse.of(2, List.of(), null), p);
    }

    @Test
    void endPosMissingOrNullIsNull() {
        String json = "{\"env\": 0, \"messages\": [{\"severity\": \"error\", \"pos\": {\"line\": 1, \"column\": 0},"
                + " \"endPos\": null, \"data\": \"e\"}],"
                + " \"sorries\": [{\"goal\": \"⊢ True\", \"proofState\": null}]}";
        CommandResponse r = (CommandResponse) LeanJson.readResponse(CMD, json);
        assertNull(r.messages().get(0).endPos());
        assertEquals(new Sorry(null, null, "⊢ True", null), r.sorries().get(0));
    }

    @Test
    void aCommandAnswerWithoutEnvIsAProtocolError() {
        LeanJsonException e = assertThrows(LeanJsonException.class,
                () -> LeanJson.readResponse(CMD, "{\"messages\": []}"));
        assertTrue(e.getMessage().contains("env"), e.getMessage());
        assertEquals("{\"messages\": []}", e.offendingText());
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(STEP, "{\"goals\": []}"));
    }

    @Test
    void malformedAnswersAreProtocolErrorsCarryingTheText() {
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(CMD, "not json"));
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(CMD, ""));
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(CMD, "[1, 2]"));
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(CMD, "{\"env\": 0} {\"env\": 1}"));
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(CMD, "{\"env\": \"zero\"}"));
        assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(CMD,
                "{\"env\": 0, \"messages\": [{\"severity\": \"fatal\", \"pos\": {\"line\": 1, \"column\": 0},"
                        + " \"data\": \"x\"}]}"));
        LeanJsonException e = assertThrows(LeanJsonException.class,
                () -> LeanJson.readResponse(CMD, "{\"env\": 0, \"messages\": [{\"data\": 1}]}"));
        assertTrue(e.getMessage().contains("messages"), e.getMessage());
    }

    @Test
    void theExceptionMessageShowsOnlyTheStartOfALongText() {
        String longText = "x".repeat(100_000);
        LeanJsonException e = assertThrows(LeanJsonException.class, () -> LeanJson.readResponse(CMD, longText));
        assertTrue(e.getMessage().length() < 6_000, "message length " + e.getMessage().length());
        assertEquals(longText, e.offendingText());
    }

    @Test
    void treeVariantReadsTheSameAsText() {
        String json = "{\"env\": 1, \"messages\": [{\"severity\": \"trace\", \"pos\": {\"line\": 1, \"column\": 0},"
                + " \"endPos\": {\"line\": 1, \"column\": 2}, \"data\": \"t\"}]}";
        JsonNode tree = LeanJson.readTree(json);
        assertEquals(LeanJson.readResponse(CMD, json), LeanJson.readResponse(CMD, tree));
        assertEquals("{\"env\":1,\"messages\":[{\"severity\":\"trace\",\"pos\":{\"line\":1,\"column\":0},"
                + "\"endPos\":{\"line\":1,\"column\":2},\"data\":\"t\"}]}", LeanJson.writeTree(tree));
    }

    @Test
    void writeResponseOmitsEmptyListsAsTheReplDoes() {
        assertEquals("{\"env\":5}", LeanJson.writeResponse(CommandResponse.of(5)));
        assertEquals("{\"proofState\":2,\"goals\":[],\"proofStatus\":\"Completed\"}",
                LeanJson.writeResponse(ProofStepResponse.of(2, List.of(), "Completed")));
        assertEquals("{\"message\":\"Unknown proof state.\"}",
                LeanJson.writeResponse(new LeanError("Unknown proof state.")));
    }

    @Test
    void writeResponseWritesOptionFieldsAsNullAndOmitsMissingSorryPositions() {
        CommandResponse r = CommandResponse.of(0)
                .withMessages(List.of(new Message(Pos.of(1, 0), null, Severity.ERROR, "e")))
                .withSorries(List.of(new Sorry(null, null, "⊢ True", null)));
        assertEquals("{\"env\":0,\"messages\":[{\"severity\":\"error\",\"pos\":{\"line\":1,\"column\":0},"
                + "\"endPos\":null,\"data\":\"e\"}],\"sorries\":[{\"goal\":\"⊢ True\",\"proofState\":null}]}",
                LeanJson.writeResponse(r));
    }

    @Test
    void writtenResponsesReadBackEqual() {
        ProofStepResponse p = new ProofStepResponse(3, List.of("⊢ p"), "Incomplete: contains sorry",
                List.of(new Message(Pos.of(0, 0), Pos.of(0, 0), Severity.WARNING, "w")),
                List.of(new Sorry(Pos.of(1, 2), Pos.of(1, 7), "⊢ p", 4)), List.of("trace"));
        assertEquals(p, LeanJson.readResponse(STEP, LeanJson.writeResponse(p)));
    }

    @Test
    void infoTreesNestedDeeperThanJacksonsDefaultLimitAreRead() {
        int depth = 1_500;
        String tree = "{\"node\": null, \"kind\": \"TermInfo\", \"children\": [".repeat(depth)
                + "]}".repeat(depth);
        CommandResponse r = (CommandResponse) LeanJson.readResponse(CMD, "{\"env\": 0, \"infotree\": [" + tree + "]}");
        assertEquals(depth, r.infotree().get(0).dfsWalk().size());
    }

    @Test
    void theSharedMapperIsAlwaysTheSameInstance() {
        assertTrue(LeanJson.mapper() == LeanJson.mapper());
    }
}
