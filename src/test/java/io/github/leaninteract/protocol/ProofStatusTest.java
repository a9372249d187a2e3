package io.github.leaninteract.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProofStatusTest {

    private static final ProofStep STEP = new ProofStep(0, "rfl");

    private static ProofStepResponse answer(String status) {
        return (ProofStepResponse) LeanJson.readResponse(STEP,
                "{\"proofState\": 1, \"goals\": [], \"proofStatus\": \"" + status + "\"}");
    }

    @Test
    void theRepliesStatusTextsMapToTheirCases() {
        assertEquals(ProofStatus.COMPLETED, answer("Completed").status());
        assertEquals(ProofStatus.OPEN_GOALS, answer("Incomplete: open goals remain").status());
        assertEquals(ProofStatus.CONTAINS_SORRY, answer("Incomplete: contains sorry").status());
        assertEquals(ProofStatus.ERROR, answer("Error: kernel type check failed: bad").status());
        assertEquals(ProofStatus.NOT_VERIFIED, answer("Not verified: more than one initial goal").status());
    }

    @Test
    void theReplsOwnTextIsKeptBesideTheCase() {
        ProofStepResponse r = answer("Error: kernel type check failed: bad");
        assertEquals("Error: kernel type check failed: bad", r.proofStatus());
    }

    @Test
    void unknownOrMissingStatusesAreUnknownNotAnError() {
        assertEquals(ProofStatus.UNKNOWN, answer("Partially: something new").status());
        assertEquals(ProofStatus.UNKNOWN, ProofStepResponse.of(1, java.util.List.of(), null).status());
    }
}
