package io.github.leaninteract.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.protocol.Command;
import io.github.leaninteract.protocol.LeanJson;
import io.github.leaninteract.protocol.LeanResponse;
import io.github.leaninteract.server.LeanTimeoutException;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CheckResult}: what a REPL answer, or a failure, becomes as a result row. */
class CheckResultTest {

    static LeanResponse answer(String json) {
        return LeanJson.readResponse(Command.of("x"), json);
    }

    @Test
    void errorsAndWarningsKeepTheirPositionsAndInfoIsLeftOut() {
        CheckResult r = CheckResult.of("a", answer("""
                {"env": 1, "messages": [
                  {"severity": "error", "pos": {"line": 3, "column": 4}, "endPos": null, "data": "type mismatch"},
                  {"severity": "warning", "pos": {"line": 5, "column": 0}, "data": "declaration uses 'sorry'"},
                  {"severity": "info", "pos": {"line": 6, "column": 0}, "data": "2"}],
                 "sorries": [{"pos": {"line": 5, "column": 30}, "endPos": {"line": 5, "column": 35},
                  "goal": "⊢ True", "proofState": 0}]}"""), 12);

        assertEquals(List.of(new CheckMessage(3, 4, "type mismatch")), r.errors());
        assertEquals(List.of(new CheckMessage(5, 0, "declaration uses 'sorry'")), r.warnings());
        assertEquals(1, r.sorries());
        assertFalse(r.valid());
        assertNull(r.failure());
        assertEquals(12, r.millis());
    }

    @Test
    void validMeansNoErrorAndNoSorry() {
        assertTrue(CheckResult.of("a", answer("{\"env\": 0}"), 1).valid());
        assertFalse(CheckResult.of("a", answer("""
                {"env": 0, "sorries": [{"pos": {"line": 1, "column": 0}, "goal": "⊢ p", "proofState": 0}]}"""), 1)
                .valid());
        assertTrue(CheckResult.of("a", answer("""
                {"env": 0, "messages": [{"severity": "warning", "pos": {"line": 1, "column": 0}, "data": "unused"}]}"""),
                1).valid());
    }

    @Test
    void aReplErrorAnswerIsAFailure() {
        CheckResult r = CheckResult.of("a", answer("{\"message\": \"Unknown environment.\"}"), 3);
        assertFalse(r.valid());
        assertTrue(r.failure().contains("Unknown environment."), r.failure());
    }

    @Test
    void anExceptionIsAFailureNamedByItsType() {
        CheckResult r = CheckResult.failed("a", new LeanTimeoutException("no answer", Duration.ofSeconds(5)), 5000);
        assertTrue(r.failure().startsWith("LeanTimeoutException: "), r.failure());
        assertFalse(r.valid());
    }

    @Test
    void aFailureCannotBeValid() {
        assertThrows(IllegalArgumentException.class,
                () -> new CheckResult("a", true, List.of(), List.of(), 0, "crashed", 1));
    }

    @Test
    void aRowReadsBackAsTheSameResult() {
        CheckResult r = new CheckResult("a", false, List.of(new CheckMessage(1, 2, "e")),
                List.of(new CheckMessage(3, 4, "w")), 2, null, 7);
        assertEquals(r, CheckResult.fromRow(r.toRow()));
    }
}
