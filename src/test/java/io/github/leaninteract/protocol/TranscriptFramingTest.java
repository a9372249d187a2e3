package io.github.leaninteract.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The framing helper of {@link TranscriptConformanceTest} behaves as the REPL's {@code getLines}. */
class TranscriptFramingTest {

    @Test
    void linesAreRightTrimmedAndJoinedWithoutSeparator() {
        assertEquals(List.of("{\"cmd\": \"a b\"}"), TranscriptConformanceTest.blocks("{\"cmd\": \"a  \n b\"}\n"));
        assertEquals(List.of("{\"cmd\": \"by\\nsorry\"}"),
                TranscriptConformanceTest.blocks("{\"cmd\": \"by\\n\nsorry\"}"));
    }

    @Test
    void blankLinesSeparateQueriesAndCommentsAreLeftOut() {
        assertEquals(List.of("{\"env\": 0}", "{\"env\": 1}"),
                TranscriptConformanceTest.replQueries("{\"env\": 0}\n\n# note\n\n-- other\n \n{\"env\": 1}\n\n"));
    }
}
