package io.github.leaninteract.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LeanResponse#asCommand()}, {@link LeanResponse#asProofStep()} and {@link LeanErrorException}. */
class TypedAccessTest {

    private static final LeanResponse COMMAND = CommandResponse.of(3);
    private static final LeanResponse STEP = ProofStepResponse.of(4, List.of(), ProofStepResponse.COMPLETED);
    private static final LeanResponse ERROR = new LeanError("Unknown environment.");

    @Test
    void asCommandGivesACommandAnswerItself() {
        assertSame(COMMAND, COMMAND.asCommand());
    }

    @Test
    void asProofStepGivesAProofStepAnswerItself() {
        assertSame(STEP, STEP.asProofStep());
    }

    @Test
    void anErrorAnswerAskedForAsATypedOneIsALeanErrorExceptionWithTheReplsMessage() {
        for (Runnable typed : List.<Runnable>of(ERROR::asCommand, ERROR::asProofStep)) {
            LeanErrorException e = assertThrows(LeanErrorException.class, typed::run);
            assertSame(ERROR, e.error());
            assertNull(e.request(), "an answer does not know its request");
            assertTrue(e.getMessage().contains("Unknown environment."), e.getMessage());
        }
    }

    @Test
    void anAnswerOfTheOtherKindIsAClassCastExceptionNamingBothTypes() {
        ClassCastException e = assertThrows(ClassCastException.class, COMMAND::asProofStep);
        assertTrue(e.getMessage().contains("CommandResponse") && e.getMessage().contains("ProofStepResponse"),
                e.getMessage());
        assertThrows(ClassCastException.class, STEP::asCommand);
    }

    @Test
    void aLeanErrorExceptionShowsTheRequestAsJsonAndTheReplsMessage() {
        ProofStep step = new ProofStep(7, "simpx");
        LeanErrorException e = new LeanErrorException(new LeanError("Lean error:\n<input>:1:1: unknown tactic"), step);
        assertSame(step, e.request());
        assertTrue(e.getMessage().contains(LeanJson.writeRequest(step)), e.getMessage());
        assertTrue(e.getMessage().endsWith("Lean error:\n<input>:1:1: unknown tactic"), e.getMessage());
    }

    @Test
    void aLeanErrorExceptionShortensAHugeRequestButKeepsItWhole() {
        Command huge = Command.of("-- " + "x".repeat(100_000));
        LeanErrorException e = new LeanErrorException(new LeanError("Unknown environment."), huge);
        assertTrue(e.getMessage().length() < 2_000, "message of " + e.getMessage().length() + " characters");
        assertTrue(e.getMessage().contains("more characters") && e.getMessage().endsWith("Unknown environment."),
                e.getMessage());
        assertEquals(huge, e.request());
    }

    @Test
    void everyExceptionOfTheProtocolIsALeanInteractException() {
        LeanInteractException json = assertThrows(LeanInteractException.class,
                () -> LeanJson.readResponse(Command.of("#eval 1"), "this is not JSON"));
        assertTrue(json instanceof LeanJsonException, json.toString());
        LeanInteractException error = assertThrows(LeanInteractException.class, ERROR::asCommand);
        assertTrue(error instanceof LeanErrorException, error.toString());
    }
}
