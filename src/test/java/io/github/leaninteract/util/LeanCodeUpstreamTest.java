package io.github.leaninteract.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every case of LeanInteract's own {@code tests/test_utils.py}, with its expected values, in the same order.
 * A Python {@code None} is an empty {@code Optional} here.
 */
class LeanCodeUpstreamTest {

    @Test
    void indentCode() {
        String code = "theorem my_theorem : True := by\n  sorry";
        assertEquals("  theorem my_theorem : True := by\n    sorry", LeanCode.indent(code, 2));
    }

    @Test
    void leanCommentsRanges() {
        String code = "/- This is a comment -/\ntheorem my_theorem : True := by\n-- single line comment\n  sorry";
        List<LeanCode.Span> ranges = LeanCode.commentRanges(code);
        assertEquals("/- This is a comment -/", ranges.get(0).of(code));
        assertEquals("-- single line comment", ranges.get(1).of(code));
    }

    @Test
    void removeLeanComments() {
        String code = "/- This is a comment -/\ntheorem my_theorem : True := by\n-- single line comment\n  sorry";
        assertEquals("\ntheorem my_theorem : True := by\n\n  sorry", LeanCode.removeComments(code));
    }

    @Test
    void removeLeanCommentsNonOpened() {
        String code = " This is a comment -/\ntheorem my_theorem : True := by\n-- single line comment\n  sorry";
        assertEquals("\ntheorem my_theorem : True := by\n\n  sorry", LeanCode.removeComments(code));
    }

    @Test
    void splitImplementation() {
        String declaration = "theorem my_theorem : True := by\n  sorry";
        int split = LeanCode.splitImplementation(declaration).getAsInt();
        assertEquals("theorem my_theorem : True ", declaration.substring(0, split));
        assertEquals(":= by\n  sorry", declaration.substring(split));
    }

    @Test
    void splitConclusion() {
        String declaration = "theorem my_theorem : True := by\n  sorry";
        int split = LeanCode.splitConclusion(declaration).getAsInt();
        assertEquals("theorem my_theorem ", declaration.substring(0, split));
        assertEquals(": True := by\n  sorry", declaration.substring(split));
    }

    @Test
    void cleanTheoremString() {
        String theorem = "/- comment -/ theorem my_theorem  : \nTrue := by\n  sorry";
        assertEquals(Optional.of("theorem dummy : \nTrue"), LeanCode.cleanTheoremString(theorem, "dummy", false));
    }

    @Test
    void cleanTheoremStringPartialComment1() {
        String theorem = "comment -/ theorem my_theorem  : \nTrue := by\n  sorry";
        assertEquals(Optional.of("theorem dummy : \nTrue"), LeanCode.cleanTheoremString(theorem, "dummy", false));
    }

    @Test
    void cleanTheoremStringPartialComment2() {
        String theorem = """

                lemma integrable_x_mul_Smooth1 (SmoothingF : ℝ → ℝ) (ε : ℝ) (hF : ∀ x, 0 ≤ SmoothingF x) \
                (hF' : ContinuousWithDeriv (fun x ↦ SmoothingF x / x) ℝ) (hsupp :
                support (fun x ↦ SmoothingF x) = Icc (1/2) 2) (htotal : ∫ x : ℝ in Ioi 0, SmoothingF x / x) = 1) :
                  IntegrableOn (fun x : ℝ ↦ x * SmoothingF x) (Ioi 0) :=
                  sorry -/""";
        assertTrue(LeanCode.cleanTheoremString(theorem, "integrable_x_mul_Smooth1", false).isEmpty());
    }

    @Test
    void cleanTheoremStringHard() {
        String theorem = "theorem test (h := 1): let x := 1; x = 1 := by\n  sorry";
        assertEquals(Optional.of("theorem dummy (h := 1): let x := 1; x = 1"),
                LeanCode.cleanTheoremString(theorem, "dummy", false));
    }

    @Test
    void cleanTheoremStringHardReal() {
        String theorem = """
                theorem nrRealPlaces_eq_zero [IsCyclotomicExtension {n} ℚ K]
                  (hn : 2 < n) :
                  haveI := IsCyclotomicExtension.numberField {n} ℚ K
                  NrRealPlaces K = 0 := by
                have := IsCyclotomicExtension.numberField {n} ℚ K
                apply (IsCyclotomicExtension.zeta_spec n ℚ K).nrRealPlaces_eq_zero_of_two_lt h""";
        String expected = """
                theorem dummy [IsCyclotomicExtension {n} ℚ K]
                  (hn : 2 < n) :
                  haveI := IsCyclotomicExtension.numberField {n} ℚ K
                  NrRealPlaces K = 0""";
        assertEquals(Optional.of(expected), LeanCode.cleanTheoremString(theorem, "dummy", false));
    }

    @Test
    void cleanTheoremStringRealEdgeCase() {
        String theorem = """
                lemma ZetaNear1BndExact:
                    ∃ (c : ℝ) (_ : 0 < c), ∀ (σ : ℝ) (_ : σ ∈ Ioc 1 2), ‖ζ σ‖ ≤ c / (σ - 1) := by sorry""";
        String expected = """
                theorem dummy :
                    ∃ (c : ℝ) (_ : 0 < c), ∀ (σ : ℝ) (_ : σ ∈ Ioc 1 2), ‖ζ σ‖ ≤ c / (σ - 1)""";
        assertEquals(Optional.of(expected), LeanCode.cleanTheoremString(theorem, "dummy", false));
    }

    @Test
    void extractLastTheorem() {
        String code = "/- comment -/ theorem my_theorem : True := by\n  sorry";
        assertEquals("theorem my_theorem : True := by\n  sorry", code.substring(LeanCode.extractLastTheorem(code)));
    }

    @Test
    void cleanLastTheoremString() {
        String code = "/- comment -/\ntheorem my_theorem : True := by\n  sorry";
        // upstream's default add_sorry=False
        assertEquals("/- comment -/\ntheorem dummy : True", LeanCode.cleanLastTheoremString(code, "dummy", false));
    }
}
