package io.github.leaninteract.testing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class QueryReaderTest {

    private static QueryReader reader(String input) {
        return new QueryReader(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(QueryReader.Query q) {
        return new String(q.bytes(), 0, q.length(), StandardCharsets.UTF_8);
    }

    @Test
    void joinsRightTrimmedLinesWithoutSeparatorUpToABlankLine() throws IOException {
        QueryReader r = reader("{\"a\":  \t\r\n  1}\n \t\n{\"b\": 2}\n\n");
        assertEquals("{\"a\":  1}", text(r.next()));
        assertEquals("{\"b\": 2}", text(r.next()));
        assertNull(r.next());
    }

    @Test
    void aLoneBlankLineIsAnEmptyQuery() throws IOException {
        QueryReader r = reader("\n{\"a\": 1}");
        assertEquals(0, r.next().length());
        assertEquals("{\"a\": 1}", text(r.next()));
        assertNull(r.next());
    }

    @Test
    void endOfInputWithNothingReadIsNull() throws IOException {
        assertNull(reader("").next());
    }

    @Test
    void keepsUtf8BytesIntact() throws IOException {
        assertEquals("{\"goal\": \"⊢ ∀ x, x = x\"}", text(reader("{\"goal\": \"⊢ ∀ x, x = x\"}\n\n").next()));
    }
}
