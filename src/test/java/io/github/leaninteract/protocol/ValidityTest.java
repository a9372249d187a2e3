package io.github.leaninteract.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidityTest {

    private static Message message(Severity severity, int line, String data) {
        return new Message(Pos.of(line, 0), Pos.of(line, 5), severity, data);
    }

    private static Sorry sorry(int line) {
        return new Sorry(Pos.of(line, 2), Pos.of(line, 7), "⊢ True", 0);
    }

    @Test
    void anErrorMakesTheCodeInvalid() {
        CommandResponse r = CommandResponse.of(0).withMessages(List.of(message(Severity.ERROR, 1, "unsolved goals")));
        assertTrue(r.hasErrors());
        assertFalse(r.isValid(true));
        assertEquals(1, r.errors().size());
    }

    @Test
    void warningsAndInfosDoNotMakeTheCodeInvalid() {
        CommandResponse r = CommandResponse.of(0).withMessages(List.of(
                message(Severity.WARNING, 1, "unused variable"), message(Severity.INFO, 2, "37")));
        assertFalse(r.hasErrors());
        assertTrue(r.isValid(false));
        assertEquals(1, r.warnings().size());
        assertTrue(r.errors().isEmpty());
    }

    @Test
    void aSorryIsInvalidOnlyWhenSorriesAreNotAllowed() {
        CommandResponse r = CommandResponse.of(0).withSorries(List.of(sorry(1)));
        assertTrue(r.isValid(true));
        assertFalse(r.isValid(false));
    }

    @Test
    void bothWordingsOfTheSorryWarningCountAsASorry() {
        for (String data : List.of("declaration uses 'sorry'", "declaration uses `sorry`")) {
            CommandResponse r = CommandResponse.of(0).withMessages(List.of(message(Severity.WARNING, 1, data)));
            assertTrue(r.isValid(true), data);
            assertFalse(r.isValid(false), data);
        }
    }

    @Test
    void onlyMessagesAndSorriesTouchingTheRangeCount() {
        CommandResponse r = CommandResponse.of(0)
                .withMessages(List.of(message(Severity.ERROR, 1, "in the context")))
                .withSorries(List.of(sorry(10)));
        assertFalse(r.isValid(Pos.of(1, 0), Pos.of(3, 0), true));
        assertTrue(r.isValid(Pos.of(2, 0), Pos.of(5, 0), false));
        assertTrue(r.isValid(Pos.of(2, 0), null, true));
        assertFalse(r.isValid(Pos.of(2, 0), null, false));
        assertFalse(r.isValid(null, Pos.of(1, 0), true));
    }

    @Test
    void rangesCompareLinesOnly() {
        CommandResponse r = CommandResponse.of(0).withMessages(List.of(
                new Message(Pos.of(3, 0), Pos.of(3, 4), Severity.ERROR, "e")));
        assertFalse(r.isValid(Pos.of(3, 10), Pos.of(4, 0), true));
    }

    @Test
    void aMessageWithoutEndIsCountedFromItsStart() {
        CommandResponse r = CommandResponse.of(0).withMessages(List.of(
                new Message(Pos.of(1, 0), null, Severity.ERROR, "e")));
        assertFalse(r.isValid(Pos.of(5, 0), Pos.of(6, 0), true));
        assertTrue(r.isValid(null, Pos.of(0, 0), true));
    }

    @Test
    void aProofStepWithAnErrorStatusIsInvalid() {
        assertFalse(ProofStepResponse.of(1, List.of(), "Error: kernel type check failed").isValid(true));
        assertTrue(ProofStepResponse.of(1, List.of("⊢ p"), "Incomplete: open goals remain").isValid(false));
        assertTrue(ProofStepResponse.of(1, List.of(), "Completed").isValid(false));
    }

    @Test
    void aProofStepContainingSorryIsInvalidOnlyWhenSorriesAreNotAllowed() {
        ProofStepResponse r = ProofStepResponse.of(1, List.of(), "Incomplete: contains sorry");
        assertTrue(r.isValid(true));
        assertFalse(r.isValid(false));
        ProofStepResponse withError = ProofStepResponse.of(1, List.of(), "Incomplete: open goals remain")
                .withMessages(List.of(new Message(Pos.of(0, 0), Pos.of(0, 0), Severity.ERROR, "failed")));
        assertTrue(withError.hasErrors());
        assertFalse(withError.isValid(true));
    }

    @Test
    void positionsAreOrderedByLineThenColumn() {
        assertTrue(Pos.of(1, 9).compareTo(Pos.of(2, 0)) < 0);
        assertTrue(Pos.of(2, 1).isAfter(Pos.of(2, 0)));
        assertEquals(0, Pos.of(3, 3).compareTo(Pos.of(3, 3)));
    }
}
