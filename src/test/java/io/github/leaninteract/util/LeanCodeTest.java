package io.github.leaninteract.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.util.LeanCode.Span;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Where LeanInteract's regular expressions go wrong, LeanCode reads the text as Lean does. Each test names
 * what upstream (LeanInteract 0.11, {@code lean_interact/utils.py}) answers instead.
 */
class LeanCodeTest {

    // ---- comments

    @Test
    void aLineCommentEndingTheTextIsRemovedWhole() {
        // upstream keeps its last character: "theorem t : True := trivial e"
        assertEquals("theorem t : True := trivial ", LeanCode.removeComments("theorem t : True := trivial -- done"));
    }

    @Test
    void dashesInsideAStringAreNotAComment() {
        // upstream removes from the first "--" on
        assertEquals("def s := \"-- not a comment\" ", LeanCode.removeComments("def s := \"-- not a comment\" -- real"));
    }

    @Test
    void aBlockOpenerInsideAStringOpensNothing() {
        // upstream counts one opener and no closer, and takes everything after it as a comment
        String code = "def s := \"/-\"\ntheorem t : True := trivial";
        assertEquals(code, LeanCode.removeComments(code));
        assertEquals(List.of(), LeanCode.commentRanges(code));
    }

    @Test
    void aCloserInsideALineCommentClosesNothing() {
        // upstream counts a closer without opener and takes the text from its start as a comment
        String code = "-- see -/ below\ntheorem t : True := trivial";
        assertEquals("\ntheorem t : True := trivial", LeanCode.removeComments(code));
    }

    @Test
    void aLineCommentMarkerInsideABlockCommentEndsNothing() {
        // upstream merges "-- b -/ def x := 1" up to the line break into the comment, losing the definition
        assertEquals(" def x := 1\n", LeanCode.removeComments("/- a -- b -/ def x := 1\n"));
    }

    @Test
    void aCharLiteralQuoteOpensNoString() {
        String code = "def q := '\"' -- a quote \"\ndef r := 1";
        assertEquals("def q := '\"' \ndef r := 1", LeanCode.removeComments(code));
    }

    @Test
    void aSnippetCutInsideANestedCommentLosesItsCutPart() {
        // upstream: two closers without opener, "Mismatched open and close comment indices"
        assertEquals(" theorem t : True := trivial", LeanCode.removeComments(" b -/ c -/ theorem t : True := trivial"));
    }

    @Test
    void aSnippetCutInsideANestedCommentAtTheEndLosesItsTail() {
        // upstream: two openers without closer, "Mismatched open and close comment indices"
        assertEquals("theorem t : True := trivial ", LeanCode.removeComments("theorem t : True := trivial /- a /- b"));
    }

    @Test
    void aSnippetCutInsideCommentsAtBothEnds() {
        String code = "end of a comment -/ theorem t : True := trivial /- start of another";
        assertEquals(List.of(new Span(0, 19), new Span(48, code.length())), LeanCode.commentRanges(code));
        assertEquals(" theorem t : True := trivial ", LeanCode.removeComments(code));
    }

    @Test
    void aCommentBetweenTwoTokensBecomesOneSpace() {
        // upstream joins them into one identifier: "ab"
        assertEquals("a b", LeanCode.removeComments("a/- c -/b"));
        assertEquals("f (x) y", LeanCode.removeComments("f (x)/- c -/y"));
        assertEquals("a\nb", LeanCode.removeComments("a/- c -/\nb"));
    }

    @Test
    void adjacentCommentsAreReportedOneByOne() {
        String code = "/- a -//-- b -/-- c";
        assertEquals(List.of(new Span(0, 7), new Span(7, 15), new Span(15, 19)), LeanCode.commentRanges(code));
        assertEquals("", LeanCode.removeComments(code));
    }

    @Test
    void theJavadocExampleOfCommentRanges() {
        String code = "/- intro -/ def s := \"-- not a comment\" -- a comment";
        assertEquals(List.of(new Span(0, 11), new Span(40, 52)), LeanCode.commentRanges(code));
    }

    @Test
    void spansRejectImpossibleRanges() {
        assertThrows(IllegalArgumentException.class, () -> new Span(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new Span(3, 2));
        assertEquals("bc", new Span(1, 3).of("abcd"));
    }

    // ---- splitting declarations

    @Test
    void aLetWithATypeKeepsItsDefinition() {
        // upstream only skips "let x :=", so it splits at the let's ":="
        String decl = "theorem t : let x : Nat := 1; x = 1 := by simp";
        assertEquals(OptionalInt.of(decl.lastIndexOf(":=")), LeanCode.splitImplementation(decl));
    }

    @Test
    void haveAndLetIInTheStatementKeepTheirDefinitions() {
        String decl = "theorem t : have h := 1; letI i := 2; h = 1 := rfl";
        assertEquals(OptionalInt.of(decl.lastIndexOf(":=")), LeanCode.splitImplementation(decl));
    }

    @Test
    void aDoArrowBindsWithoutDefinition() {
        String decl = "def f : IO Nat := do\n  let x ← pure 1\n  let y := x\n  return y";
        assertEquals(OptionalInt.of(decl.indexOf(":=")), LeanCode.splitImplementation(decl));
        String stmt = "theorem t : (do let x ← some 1; pure x) = some 1 := rfl";
        assertEquals(OptionalInt.of(stmt.lastIndexOf(":=")), LeanCode.splitImplementation(stmt));
    }

    @Test
    void definitionsInsideCommentsAndStringsAreNotTheProof() {
        String decl = "theorem t : \"a := b\" = s /- := -/ := rfl";
        assertEquals(OptionalInt.of(decl.lastIndexOf(":=")), LeanCode.splitImplementation(decl));
    }

    @Test
    void bracketsInsideStringsAndCharsDoNotCount() {
        // upstream counts the "(" and never finds the proof
        String decl = "theorem t : \"(\" ++ s = s' ∧ '[' = c := rfl";
        assertEquals(OptionalInt.of(decl.lastIndexOf(":=")), LeanCode.splitImplementation(decl));
    }

    @Test
    void definitionsInsideBindersAreNotTheProof() {
        String decl = "instance (priority := 100) foo {x : Nat := 5} ⦃h : a := b⦄ : Foo := ⟨fun y => (z := 1)⟩";
        assertEquals(OptionalInt.of(decl.indexOf(": Foo :=") + 6), LeanCode.splitImplementation(decl));
    }

    @Test
    void aDeclarationWithoutProofHasNoImplementation() {
        assertEquals(OptionalInt.empty(), LeanCode.splitImplementation("theorem t : True"));
        assertEquals(OptionalInt.empty(), LeanCode.splitImplementation("theorem t (h : a := b : True"));
    }

    @Test
    void theConclusionColonIsNotPartOfADefinitionOrACons() {
        // upstream answers the ':' of ':=' and of '::'
        assertEquals(OptionalInt.empty(), LeanCode.splitConclusion("def x := 1"));
        assertEquals(OptionalInt.empty(), LeanCode.splitConclusion("example := 1 :: []"));
    }

    @Test
    void theConclusionColonIsOutsideStrictImplicitBindersCommentsAndStrings() {
        String decl = "theorem t ⦃x : Nat⦄ /- note: -/ (s := \"a:b\") : x = x := rfl";
        assertEquals(OptionalInt.of(decl.indexOf(") :") + 2), LeanCode.splitConclusion(decl));
    }

    @Test
    void theJavadocExamplesOfTheSplits() {
        String impl = "theorem t (h := 1) : let x := 1; x = 1 := by simp";
        assertEquals("theorem t (h := 1) : let x := 1; x = 1 ",
                impl.substring(0, LeanCode.splitImplementation(impl).getAsInt()));
        String concl = "theorem t {a : Nat} (h : a = 1) : a + 0 = 1 := by simp [h]";
        assertEquals(": a + 0 = 1 := by simp [h]", concl.substring(LeanCode.splitConclusion(concl).getAsInt()));
    }

    // ---- theorems

    @Test
    void aKeywordInsideAnIdentifierIsNoTheorem() {
        // upstream's "\btheorem|lemma|example\s" finds "lemma" inside "dilemma"
        assertEquals(Optional.of("theorem dummy : True"),
                LeanCode.cleanTheoremString("def dilemma : Nat := 1\ntheorem t : True := trivial", "dummy", false));
    }

    @Test
    void universeParametersStayWithTheNewName() {
        // upstream keeps "{u}" as if it were a binder: "theorem dummy {u} {α : Sort u} ..."
        assertEquals(Optional.of("theorem dummy.{u} {α : Sort u} (a : α) : a = a"),
                LeanCode.cleanTheoremString("theorem foo.{u} {α : Sort u} (a : α) : a = a := rfl", "dummy", false));
    }

    @Test
    void anEscapedNameIsReplacedWhole() {
        // upstream stops at the space inside the name: "theorem dummy theorem» : True"
        assertEquals(Optional.of("theorem dummy : True"),
                LeanCode.cleanTheoremString("theorem «my theorem» : True := trivial", "dummy", false));
    }

    @Test
    void aLemmaOrAnExampleBecomesATheoremWithSorryWhenAsked() {
        assertEquals(Optional.of("theorem bar (n : Nat) : n + 0 = n := by sorry"),
                LeanCode.cleanTheoremString("/- c -/ lemma foo (n : Nat) : n + 0 = n := by simp", "bar", true));
        assertEquals(Optional.of("theorem bar : True"),
                LeanCode.cleanTheoremString("example : True := trivial", "bar", false));
        assertEquals(Optional.of("theorem bar : 1 = 1"),
                LeanCode.cleanTheoremString("private theorem foo' : 1 = 1 := rfl", "bar", false));
    }

    @Test
    void aTheoremOnlyInsideCommentsOrStringsIsNone() {
        assertEquals(Optional.empty(),
                LeanCode.cleanTheoremString("/- theorem t : True := trivial -/ #eval \"lemma x\"", "dummy", false));
    }

    @Test
    void aBlankNewNameIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LeanCode.cleanTheoremString("theorem t : True", " ", false));
        assertThrows(IllegalArgumentException.class,
                () -> LeanCode.cleanLastTheoremString("theorem t : True", "", false));
    }

    @Test
    void theLastTheoremIgnoresKeywordsInStrings() {
        // upstream answers the "theorem" inside the string
        assertEquals(0, LeanCode.extractLastTheorem("theorem real : True := trivial\n#eval \"theorem fake : False\""));
    }

    @Test
    void theLastTheoremIgnoresKeywordsInAFinalLineComment() {
        // upstream's comment range of a final line comment ends at -1, so the keyword in it counts
        String code = "theorem a : True := trivial\ntheorem b : 1 = 1 := rfl -- theorem c";
        assertEquals(code.indexOf("theorem b"), LeanCode.extractLastTheorem(code));
        assertEquals("theorem a : True := trivial\ntheorem dummy : 1 = 1",
                LeanCode.cleanLastTheoremString(code, "dummy", false));
    }

    @Test
    void aTheoremRightAfterACommentCounts() {
        // upstream drops a match at a comment's end index, so it finds nothing here
        assertEquals(7, LeanCode.extractLastTheorem("/- c -/theorem t : True := trivial"));
    }

    @Test
    void noTheoremIsAnErrorSayingWhatToPass() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeanCode.extractLastTheorem("def x := 1 -- theorem"));
        assertTrue(e.getMessage().contains("ends with a theorem"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LeanCode.cleanLastTheoremString("def x := 1", "d", false));
    }

    @Test
    void theReadmeExampleAnswersWhatTheReadmeSays() {
        String generated = """
                /- the model's answer -/
                theorem foo (n : Nat) : n + 0 = n := by
                  simp -- done""";
        assertEquals("/- the model's answer -/\ntheorem check (n : Nat) : n + 0 = n := by sorry",
                LeanCode.cleanLastTheoremString(generated, "check", true));
        assertEquals(":= by\n  simp -- done",
                generated.substring(LeanCode.splitImplementation(generated).getAsInt()));
        assertEquals("\ntheorem foo (n : Nat) : n + 0 = n := by\n  simp ", LeanCode.removeComments(generated));
    }

    @Test
    void theJavadocExamplesOfTheTheoremHelpers() {
        assertEquals("  theorem t : True := by\n    trivial", LeanCode.indent("theorem t : True := by\n  trivial", 2));
        assertEquals("\ntheorem t : True := by\n  trivial ",
                LeanCode.removeComments("/- intro -/\ntheorem t : True := by\n  trivial -- done"));
        assertEquals("/- c -/\ntheorem dummy : True",
                LeanCode.cleanLastTheoremString("/- c -/\ntheorem t : True := by\n  sorry", "dummy", false));
    }

    // ---- indentation and blank lines

    @Test
    void linesInsideAStringLiteralAreNotIndented() {
        // upstream would change the string's value
        assertEquals("  def s := \"a\nb\"\n  def t := 1", LeanCode.indent("def s := \"a\nb\"\ndef t := 1", 2));
        assertEquals("  def s := \"a\n\"", LeanCode.indent("def s := \"a\n\"", 2));
    }

    @Test
    void indentingKeepsUpstreamsLineRules() {
        assertEquals("    a\n    \n    b\n    ", LeanCode.indent("a\n\nb\n", 4));
        assertEquals("a\nb", LeanCode.indent("a\nb", 0));
        assertEquals("  ", LeanCode.indent("", 2));
        assertThrows(IllegalArgumentException.class, () -> LeanCode.indent("a", -1));
    }

    @Test
    void compressingNewlinesFollowsUpstream() {
        assertEquals("theorem a : True := trivial\n\ntheorem b : True := trivial\n",
                LeanCode.compressNewlines("\n\ntheorem a : True := trivial\n  \n\n\ntheorem b : True := trivial\n\n"));
        assertEquals("a\n\nb  ", LeanCode.compressNewlines(" \t\na\n \t \n\t\nb  "));
        assertEquals("a\n", LeanCode.compressNewlines("a  \n \n"));
        assertEquals("a\r\n\nb", LeanCode.compressNewlines("a\r\n\r\n\r\nb"));
        assertEquals("", LeanCode.compressNewlines(" \n\n "));
    }

    @Test
    void compressingNewlinesLeavesStringLiteralsAlone() {
        // upstream would change the string's value
        assertEquals("def s := \"a\n\n\n  \nb\"\n\ndef t := 1\n",
                LeanCode.compressNewlines("def s := \"a\n\n\n  \nb\"\n\n\n\ndef t := 1\n\n"));
    }
}
