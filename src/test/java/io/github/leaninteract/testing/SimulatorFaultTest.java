package io.github.leaninteract.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.testing.SimulatorFault.Action;
import io.github.leaninteract.testing.SimulatorFault.Trigger;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Faults as values: their factories, their command-line form and their checks. */
class SimulatorFaultTest {

    @Test
    void factoriesGiveTheActionAndTrigger() {
        assertEquals(SimulatorFault.of(Action.crash(7), Trigger.onRequest(3), false), SimulatorFault.crashOnRequest(3, 7));
        assertEquals(SimulatorFault.of(Action.hang(), Trigger.matching("^decide"), false), SimulatorFault.hangOn("^decide"));
        assertEquals(SimulatorFault.of(Action.garbage(), Trigger.anyRequest(), true), SimulatorFault.garbageOnce());
        assertEquals(new SimulatorFault.Sleep(Duration.ofMillis(500)),
                SimulatorFault.sleepOn(2, Duration.ofMillis(500)).action());
    }

    @Test
    void everyFaultReadsBackFromItsCommandLineForm() {
        List<SimulatorFault> faults = List.of(
                SimulatorFault.crashOnRequest(3, 7),
                SimulatorFault.crashOn("sorry", 0),
                SimulatorFault.hangOn(Pattern.compile("(?i)^Decide\\b.*@x=y")),
                SimulatorFault.hangOnRequest(1),
                SimulatorFault.garbageOnce(),
                SimulatorFault.garbageOnRequest(4),
                SimulatorFault.sleepOn(2, Duration.ofMillis(250)),
                SimulatorFault.sleepOn("simp", Duration.ZERO),
                SimulatorFault.stderrFlood(1_000_000),
                SimulatorFault.stderrFloodOnRequest(2, 10),
                SimulatorFault.outOfMemoryOnRequest(5),
                SimulatorFault.emptyAnswerOnRequest(6).withOnce(true));
        for (SimulatorFault fault : faults) {
            assertEquals(fault, SimulatorFault.parse(fault.spec()), fault.spec());
        }
    }

    @Test
    void theCommandLineFormIsDocumented() {
        assertEquals("crash=7@request=3", SimulatorFault.crashOnRequest(3, 7).spec());
        assertEquals("once:garbage@any", SimulatorFault.garbageOnce().spec());
        assertEquals("hang@matching=^intro", SimulatorFault.hangOn("^intro").spec());
        assertEquals("sleep=500@request=2", SimulatorFault.sleepOn(2, Duration.ofMillis(500)).toString());
    }

    @Test
    void onceIsAWither() {
        SimulatorFault fault = SimulatorFault.hangOn("x");
        assertFalse(fault.once());
        assertTrue(fault.withOnce(true).once());
        assertEquals(fault.action(), fault.withOnce(true).action());
    }

    @Test
    void impossibleValuesAreRejectedWithTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorFault.crashOnRequest(0, 1))
                .getMessage().contains("was 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Action.crash(256))
                .getMessage().contains("256"));
        assertThrows(IllegalArgumentException.class, () -> Action.sleep(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Action.stderrFlood(-1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Trigger.matching("(unclosed"))
                .getMessage().contains("(unclosed"));
    }

    @Test
    void aPatternWithFlagsMustGiveThemInline() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatorFault.hangOn(Pattern.compile("decide", Pattern.CASE_INSENSITIVE)));
        assertTrue(e.getMessage().contains("(?i)"), e.getMessage());
    }

    @Test
    void unreadableSpecsNameTheirPart() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorFault.parse("crash=7"))
                .getMessage().contains("ACTION@TRIGGER"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorFault.parse("explode@any"))
                .getMessage().contains("unknown fault action explode"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorFault.parse("hang@sometimes"))
                .getMessage().contains("unknown fault trigger sometimes"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorFault.parse("crash=x@any"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorFault.parse("hang=3@any"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorFault.parse("hang@request=0"));
    }
}
