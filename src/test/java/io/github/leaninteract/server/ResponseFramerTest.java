package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ResponseFramerTest {

    private final ResponseFramer framer = new ResponseFramer();

    @Test
    void prettyPrintedAnswerIsCompleteAtItsClosingBrace() {
        assertNull(framer.accept("{\"env\": 0,"));
        assertNull(framer.accept(" \"messages\": []"));
        assertEquals("{\"env\": 0,\n \"messages\": []\n}", framer.accept("}"));
        assertNull(framer.accept(""), "the blank line after an answer is not an answer");
    }

    @Test
    void compactAnswerWithoutBlankLineIsComplete() {
        assertEquals("{\"env\": 1}", framer.accept("{\"env\": 1}"));
        assertEquals("{\"env\": 2}", framer.accept("{\"env\": 2}"));
    }

    @Test
    void bracesInsideStringsDoNotCount() {
        assertNull(framer.accept("{\"data\": \"} { ] [ \\\" }\","));
        assertEquals("{\"data\": \"} { ] [ \\\" }\",\n \"env\": 0}", framer.accept(" \"env\": 0}"));
    }

    @Test
    void escapedBackslashBeforeQuoteEndsTheString() {
        assertEquals("{\"data\": \"a\\\\\"}", framer.accept("{\"data\": \"a\\\\\"}"));
    }

    @Test
    void textThatIsNotJsonRunsToTheBlankLine() {
        assertNull(framer.accept("Segmentation fault {"));
        assertNull(framer.accept("more }"));
        assertEquals("Segmentation fault {\nmore }", framer.accept(""));
    }

    @Test
    void pendingKeepsAnUnfinishedAnswer() {
        framer.accept("{\"env\":");
        assertEquals("{\"env\":", framer.pending());
    }
}
