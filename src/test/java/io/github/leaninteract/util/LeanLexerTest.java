package io.github.leaninteract.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.util.LeanLexer.Kind;
import io.github.leaninteract.util.LeanLexer.Token;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LeanLexerTest {

    /** The tokens of {@code code} as {@code KIND:text}, cut flags as {@code <} (at start) and {@code >} (at end). */
    private static String lex(String code) {
        return LeanLexer.tokens(code).stream()
                .map(t -> (t.cutAtStart() ? "<" : "") + t.kind() + ":" + t.text(code) + (t.cutAtEnd() ? ">" : ""))
                .collect(Collectors.joining(" | "));
    }

    @Test
    void nestedBlockCommentsCloseAtTheMatchingCloser() {
        assertEquals("BLOCK_COMMENT:/- a /- b -/ c -/ | IDENTIFIER:x", lex("/- a /- b -/ c -/ x"));
    }

    @Test
    void docAndModuleDocCommentsAreComments() {
        assertEquals("DOC_COMMENT:/-- doc /- nested -/ -/ | MODULE_DOC_COMMENT:/-! module -/",
                lex("/-- doc /- nested -/ -/ /-! module -/"));
    }

    @Test
    void theThirdCharacterOfATopLevelOpenerBelongsToTheOpenerAsInLean() {
        // Lean starts the body after "/-x", so "/-/-" opens one comment, not two.
        assertEquals("BLOCK_COMMENT:/-/- x -/ | IDENTIFIER:y", lex("/-/- x -/ y"));
        assertEquals("DOC_COMMENT:/--/ x -/ | IDENTIFIER:y", lex("/--/ x -/ y"));
    }

    @Test
    void aLineCommentStopsBeforeTheLineBreakAndItsCarriageReturn() {
        assertEquals("IDENTIFIER:a | LINE_COMMENT:-- c | IDENTIFIER:b", lex("a -- c\nb"));
        List<Token> crlf = LeanLexer.tokens("a -- c\r\nb");
        assertEquals(new Token(Kind.LINE_COMMENT, 2, 6, false, false), crlf.get(1));
    }

    @Test
    void aLineCommentEndingTheTextRunsToItsLastCharacter() {
        assertEquals("IDENTIFIER:a | LINE_COMMENT:-- done", lex("a -- done"));
    }

    @Test
    void commentDelimitersInsideStringsAreNotComments() {
        assertEquals("STRING:\"-- /- -/\" | LINE_COMMENT:-- c", lex("\"-- /- -/\" -- c"));
    }

    @Test
    void stringEscapesDoNotEndTheString() {
        assertEquals("STRING:\"a \\\" -- b\" | LINE_COMMENT:-- c", lex("\"a \\\" -- b\" -- c"));
        assertEquals("STRING:\"\\\\\" | LINE_COMMENT:-- c", lex("\"\\\\\" -- c"));
        assertEquals("STRING:\"\\x41 \\u{3B1} \\n \\t\" | IDENTIFIER:x", lex("\"\\x41 \\u{3B1} \\n \\t\" x"));
    }

    @Test
    void aStringMayContinueOnTheNextLine() {
        assertEquals("STRING:\"a \\\n  -- b\" | IDENTIFIER:c", lex("\"a \\\n  -- b\" c"));
    }

    @Test
    void rawStringsHaveNoEscapesAndMayHoldQuotesBetweenHashes() {
        assertEquals("STRING:r\"a\\\" | LINE_COMMENT:-- b", lex("r\"a\\\" -- b"));
        assertEquals("STRING:r#\"say \"--\" here\"# | LINE_COMMENT:-- c", lex("r#\"say \"--\" here\"# -- c"));
        assertEquals("IDENTIFIER:r | SYMBOL:#", lex("r #"));
    }

    @Test
    void interpolatedStringsHoldCodeInTheirHoles() {
        assertEquals("IDENTIFIER:s! | STRING:s!\"a {f \"x -- }\"} b\" | LINE_COMMENT:-- c".replace("STRING:s!", "STRING:"),
                lex("s!\"a {f \"x -- }\"} b\" -- c"));
    }

    @Test
    void charLiteralsMayHoldQuotesDashesAndEscapes() {
        assertEquals("CHAR:'\"' | LINE_COMMENT:-- c \"", lex("'\"' -- c \""));
        assertEquals("CHAR:'\\'' | LINE_COMMENT:-- c", lex("'\\'' -- c"));
        assertEquals("CHAR:'-' | CHAR:'/' | CHAR:'\\x2d' | CHAR:'\\u{2D}' | CHAR:'α'", lex("'-' '/' '\\x2d' '\\u{2D}' 'α'"));
    }

    @Test
    void aPrimeInsideAnIdentifierIsNotACharLiteral() {
        assertEquals("IDENTIFIER:h' | IDENTIFIER:f' | IDENTIFIER:x'' | LINE_COMMENT:-- c'", lex("h' f' x'' -- c'"));
        assertEquals("SYMBOL:( | IDENTIFIER:h' | SYMBOL:: | IDENTIFIER:a | SYMBOL:) | SYMBOL:( | IDENTIFIER:f' | SYMBOL:: | "
                + "IDENTIFIER:b | SYMBOL:)", lex("(h' : a) (f' : b)"));
    }

    @Test
    void mathlibImageAndPreimageNotationsAreNotCharLiterals() {
        assertEquals("IDENTIFIER:f | SYMBOL:'' | IDENTIFIER:s | CHAR:'a'", lex("f '' s 'a'"));
        assertEquals("IDENTIFIER:f | SYMBOL:⁻ | SYMBOL:¹ | SYMBOL:' | CHAR:'a'", lex("f ⁻¹' 'a'"));
    }

    @Test
    void anUnterminatedStringRunsToTheEnd() {
        assertEquals("IDENTIFIER:x | STRING:\"abc -- d>", lex("x \"abc -- d"));
    }

    @Test
    void aCommentLeftOpenRunsToTheEnd() {
        assertEquals("IDENTIFIER:x | BLOCK_COMMENT:/- a /- b -/>", lex("x /- a /- b -/"));
    }

    @Test
    void aStrayCloserMeansTheTextBeganInsideAComment() {
        assertEquals("<BLOCK_COMMENT:a -/ | IDENTIFIER:b", lex("a -/ b"));
    }

    @Test
    void twoStrayClosersMeanTheTextBeganInsideANestedComment() {
        assertEquals("<BLOCK_COMMENT:a -/ b -/ | IDENTIFIER:c", lex("a -/ b -/ c"));
        assertEquals("<BLOCK_COMMENT:-/ -/ | BLOCK_COMMENT:/->", lex("-/ -/ /-"));
    }

    @Test
    void insideACutCommentQuotesMeanNothing() {
        // Read from inside a comment, the first -/ closes it even between quotes; then a real string starts.
        assertEquals("<BLOCK_COMMENT:x \"-/ | STRING:\" y -/ z>", lex("x \"-/\" y -/ z"));
    }

    @Test
    void aTextWhoseClosersNeverBalanceIsOneComment() {
        // Code sees a string and a stray closer; read as a comment, the "/-" opens a level that never closes.
        assertEquals("<BLOCK_COMMENT:\"/-\" -/>", lex("\"/-\" -/"));
        assertEquals("<BLOCK_COMMENT:a /- b -/ -/ -/", lex("a /- b -/ -/ -/"));
    }

    @Test
    void manyRestartsGiveTheSameAnswerAsOneDeepComment() {
        String code = "-- -/\n".repeat(500) + "theorem t : True := trivial ".repeat(50) + "-/ x";
        List<Token> tokens = LeanLexer.tokens(code);
        // read from inside a comment 501 deep: every -/ closes one level, the last one the comment itself
        assertEquals(new Token(Kind.BLOCK_COMMENT, 0, code.length() - 2, true, false), tokens.get(0));
        assertEquals("IDENTIFIER:x", tokens.get(1).kind() + ":" + tokens.get(1).text(code));
    }

    @Test
    void escapedIdentifiersMayHoldAnything() {
        assertEquals("IDENTIFIER:«a -- b».c | LINE_COMMENT:-- d", lex("«a -- b».c -- d"));
    }

    @Test
    void identifiersFollowLeanCharacterClasses() {
        assertEquals("IDENTIFIER:Nat.succ_le | SYMBOL:. | SYMBOL:{ | IDENTIFIER:u | SYMBOL:} | IDENTIFIER:x₁ | "
                + "IDENTIFIER:α | IDENTIFIER:ℝ | SYMBOL:λ", lex("Nat.succ_le.{u} x₁ α ℝ λ"));
        assertEquals("IDENTIFIER:h | SYMBOL:. | NUMBER:1", lex("h.1"));
    }

    @Test
    void numbersAndTwoCharacterSymbols() {
        assertEquals("NUMBER:0x1F | NUMBER:2.5e-3 | SYMBOL::= | SYMBOL::: | SYMBOL:: | SYMBOL:<-", lex("0x1F 2.5e-3 := :: : <-"));
    }

    @Test
    void tokenFlagsAndKindsAreConsistent() {
        for (Token t : LeanLexer.tokens("a /- b -/ \"c\" 'd' -- e")) {
            assertEquals(t.kind().isComment(), t.isComment());
            assertEquals(t.kind().isLiteral(), t.isLiteral());
            assertFalse(t.cutAtStart());
        }
        assertTrue(LeanLexer.tokens("").isEmpty());
    }
}
