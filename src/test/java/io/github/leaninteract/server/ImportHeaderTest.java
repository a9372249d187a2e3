package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportHeaderTest {

    private static ImportHeader split(String code) {
        return ImportHeader.split(code).orElseThrow(() -> new AssertionError("no header in:\n" + code));
    }

    private static void noHeader(String code) {
        assertTrue(ImportHeader.split(code).isEmpty(), code);
    }

    @Test
    void importLinesAreTheHeaderAndTheBodyKeepsItsLines() {
        ImportHeader h = split("import Mathlib\nimport Aesop\n\ntheorem t : 1 = 1 := rfl\n");
        assertEquals("import Mathlib\nimport Aesop\n\n", h.text());
        assertEquals("\n\n\ntheorem t : 1 = 1 := rfl\n", h.body());
        assertEquals(List.of("import Mathlib", "import Aesop"), h.statements());
    }

    @Test
    void commentsBeforeAndAmongImportsBelongToTheHeader() {
        String code = "/- a /- nested\n -/ comment -/\n-- line\nimport Mathlib -- why\n/- x -/ import Lean.Elab\ndef x := 1";
        ImportHeader h = split(code);
        assertEquals(List.of("import Mathlib", "import Lean.Elab"), h.statements());
        assertEquals("\n\n\n\n\ndef x := 1", h.body());
    }

    @Test
    void theKeyIgnoresSpacingAndComments() {
        assertEquals(split("import  Mathlib\n\nimport Aesop\ndef x := 1").key(),
                split("-- c\nimport Mathlib /- d -/\nimport   Aesop\n#eval 1").key());
    }

    @Test
    void theKeyKeepsOrderAndModifiers() {
        String ab = split("import A\nimport B\ndef x := 1").key();
        assertTrue(!ab.equals(split("import B\nimport A\ndef x := 1").key()));
        assertEquals(List.of("module", "prelude", "public meta import all Foo.«bar baz».C", "import runtime D"),
                split("module\nprelude\npublic meta import all Foo.«bar baz».C\nimport runtime D\ndef x := 1").statements());
    }

    @Test
    void aCommentCarriedOverTheSplitLineStaysInTheBody() {
        ImportHeader h = split("import A\n/- about x\n-/ def x := 1");
        assertEquals("import A\n", h.text());
        assertEquals("\n/- about x\n-/ def x := 1", h.body());
        noHeader("import A\nimport B /- one -/ /- two\n-/ /- three\n-/ def x := 1");
    }

    @Test
    void aDocCommentEndsTheHeader() {
        ImportHeader h = split("import A\n/-- doc -/\ndef x := 1");
        assertEquals("\n/-- doc -/\ndef x := 1", h.body());
        noHeader("/-! module doc -/\nimport A\ndef x := 1");
    }

    @Test
    void modifiersOfACommandAreNotAnImport() {
        ImportHeader h = split("import A\nprivate def x := 1");
        assertEquals(List.of("import A"), h.statements());
        assertEquals("\nprivate def x := 1", h.body());
    }

    @Test
    void textsThatMustRunAsTheyAreHaveNoHeader() {
        noHeader("def x := 1");
        noHeader("-- only a comment\ndef x := 1");
        noHeader("import A\n\n-- nothing else\n");
        noHeader("import A def x := 1");
        noHeader("import A /- spans\n the split -/ def x := 1");
        noHeader("import A\n/- unterminated");
        noHeader("import A.B; def x := 1");
        noHeader("import A.\ndef x := 1");
        noHeader("import\ndef x := 1");
        noHeader("import A\r\ndef x := 1");
        noHeader("import\tA\ndef x := 1");
        noHeader("prelude\ndef x := 1");
        noHeader("import A\nimport\nB\n");
        noHeader("import A\n-- c\nimport B extra\ndef x := 1");
    }
}
