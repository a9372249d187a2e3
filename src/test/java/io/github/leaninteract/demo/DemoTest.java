package io.github.leaninteract.demo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.support.NoLeakedProcesses;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeakedProcesses.class)
@Timeout(60)
class DemoTest {

    @Test
    void withoutALeanReplTheDemoTalksToTheSimulatorAndShowsStatesRestoredAfterACrash() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), Map.of());
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("talking to ReplSimulator"), out);
        assertTrue(out.contains("\"proofStatus\":\"Completed\""), out);
        assertTrue(out.contains("unknown tactic"), out);
        assertTrue(out.contains("alive: false"), out);
        assertTrue(out.contains("\"data\":\"4242\""), out);
        assertTrue(out.contains("h : secret = 4242"), out);
        assertTrue(out.contains("cached states [-1, -2]"), out);
    }
}
