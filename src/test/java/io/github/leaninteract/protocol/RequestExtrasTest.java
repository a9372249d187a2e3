package io.github.leaninteract.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Extra request fields sent as given, and info tree options beyond the four named ones. */
class RequestExtrasTest {

    @Test
    void extraFieldsAreWrittenAfterTheProtocolFields() {
        Command c = Command.of("x").withEnv(1).withExtra("gc", true).withExtra("tag", Map.of("id", 7));

        assertEquals("{\"cmd\":\"x\",\"env\":1,\"gc\":true,\"tag\":{\"id\":7}}", LeanJson.writeRequest(c));
    }

    @Test
    void everyKindOfRequestCarriesExtraFields() {
        List<LeanRequest> all = List.of(Command.of("x"), FileCommand.of("f.lean"), new ProofStep(0, "rfl"),
                new PickleEnvironment(0, "e.olean"), new PickleProofState(0, "p.olean"),
                new UnpickleEnvironment("e.olean"), new UnpickleProofState("p.olean", 0));
        for (LeanRequest r : all) {
            LeanRequest withExtra = r.withExtra("note", "n");

            assertEquals("n", withExtra.extra().get("note").textValue(), r.toString());
            assertTrue(LeanJson.writeRequest(withExtra).endsWith(",\"note\":\"n\"}"), LeanJson.writeRequest(withExtra));
            assertEquals(withExtra, LeanJson.readRequest(LeanJson.writeRequest(withExtra)), "round trip of " + r);
        }
    }

    @Test
    void translatingIdsKeepsTheExtraFields() {
        List<LeanRequest> all = List.of(Command.of("x").withEnv(-1), FileCommand.of("f.lean").withEnv(-1),
                new ProofStep(-1, "rfl"), new PickleEnvironment(-1, "e.olean"), new PickleProofState(-1, "p.olean"),
                new UnpickleProofState("p.olean", -1));
        for (LeanRequest r : all) {
            LeanRequest translated = r.withExtra("keep", 1).withReferencedIds(id -> 5, id -> 5);

            assertEquals(1, translated.extra().get("keep").intValue(), r.toString());
            assertTrue(LeanJson.writeRequest(translated).contains("5"), LeanJson.writeRequest(translated));
        }
    }

    @Test
    void withersKeepTheExtraFields() {
        Command c = Command.of("x").withExtra("keep", 1).withEnv(3).withAllTactics(true)
                .withInfotree(InfoTreeOptions.FULL).withOption(List.of("pp", "all"), true);

        assertEquals(1, c.extra().get("keep").intValue());
    }

    @Test
    void aFieldOfTheProtocolCannotBeAnExtraField() {
        for (String name : List.of("env", "proofState", "cmd", "tactic", "infotree", "pickleTo")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Command.of("x").withExtra(name, 1));
            assertTrue(e.getMessage().contains("is a field of the REPL protocol"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new ProofStep(0, "rfl",
                Map.of("env", JsonNodeFactory.instance.numberNode(-1))));
    }

    @Test
    void extraFieldsAreCopiedInAndOut() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("a", 1);
        Command c = Command.of("x").withExtra("obj", node);

        node.put("a", 2);
        ((ObjectNode) c.extra().get("obj")).put("a", 3);

        assertEquals("{\"cmd\":\"x\",\"obj\":{\"a\":1}}", LeanJson.writeRequest(c));
    }

    @Test
    void aNullExtraValueIsJsonNull() {
        assertEquals("{\"cmd\":\"x\",\"n\":null}", LeanJson.writeRequest(Command.of("x").withExtra("n", null)));
    }

    @Test
    void anyInfoTreeOptionIsSentAsGiven() {
        Command c = Command.of("x").withInfotree(InfoTreeOptions.of("no_children"));

        assertEquals("{\"cmd\":\"x\",\"infotree\":\"no_children\"}", LeanJson.writeRequest(c));
        assertEquals(c, LeanJson.readRequest("{\"cmd\":\"x\",\"infotree\":\"no_children\"}"));
        assertEquals(false, InfoTreeOptions.of("no_children").isStandard());
    }

    @Test
    void theFourNamedInfoTreeOptionsAreTheConstants() {
        assertSame(InfoTreeOptions.FULL, InfoTreeOptions.of("full"));
        assertSame(InfoTreeOptions.SUBSTANTIVE, InfoTreeOptions.fromWireName("substantive"));
        assertSame(InfoTreeOptions.TACTICS,
                ((Command) LeanJson.readRequest("{\"cmd\":\"x\",\"infotree\":\"tactics\"}")).infotree());
        assertTrue(InfoTreeOptions.ORIGINAL.isStandard());
    }

    @Test
    void aBlankInfoTreeOptionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> InfoTreeOptions.of(" "));
    }
}
