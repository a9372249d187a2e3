package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeanVersionTest {

    @Test
    void parsesAReleaseAndKeepsItsCanonicalForm() {
        LeanVersion v = LeanVersion.parse("v4.19.0");
        assertEquals(new LeanVersion(4, 19, 0, 0), v);
        assertEquals("v4.19.0", v.toString());
        assertFalse(v.isReleaseCandidate());
    }

    @Test
    void parsesAReleaseCandidate() {
        LeanVersion v = LeanVersion.parse("v4.8.0-rc1");
        assertEquals(new LeanVersion(4, 8, 0, 1), v);
        assertEquals("v4.8.0-rc1", v.toString());
        assertTrue(v.isReleaseCandidate());
    }

    @Test
    void parsesAToolchainWithSurroundingBlanks() {
        assertEquals(LeanVersion.parse("v4.19.0"), LeanVersion.parse("  leanprover/lean4:v4.19.0\n"));
        assertEquals("leanprover/lean4:v4.19.0", LeanVersion.parse("v4.19.0").toolchain());
    }

    @Test
    void acceptsTheFormsPeopleWrite() {
        LeanVersion expected = new LeanVersion(4, 19, 0, 0);
        for (String form : List.of("4.19.0", "v4.19.0", "V4.19.0", "leanprover/lean4:v4.19.0",
                "leanprover/lean4:4.19.0", " v4.19.0\n")) {
            assertEquals(expected, LeanVersion.parse(form), form);
        }
        assertEquals(new LeanVersion(4, 20, 0, 1), LeanVersion.parse("4.20.0-rc1"));
        assertEquals("v4.20.0-rc1", LeanVersion.parse("leanprover/lean4:v4.20.0-rc1").toString());
    }

    @Test
    void explainsWhyATextIsNotAVersion() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LeanVersion.parse("v4.19")).getMessage()
                .contains("lacks the patch number"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LeanVersion.parse("leanprover/lean4:nightly-2024-01-01")).getMessage().contains("nightly"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LeanVersion.parse("  ")).getMessage()
                .contains("must not be empty"));
    }

    @Test
    void rejectsWhatIsNotAVersion() {
        for (String bad : List.of("v4.19", "v4.19.0-nightly", "leanprover/lean4:nightly-2024-01-01", "",
                "latest", "v4.19.0-rc", "vv4.19.0", "4.19.0.1", "four", "lean4:v4.19.0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeanVersion.parse(bad));
            assertTrue(e.getMessage().contains("v4.19.0"), "the message shows the expected form");
            assertEquals(Optional.empty(), LeanVersion.tryParse(bad));
        }
        assertEquals(Optional.empty(), LeanVersion.tryParse(null));
    }

    @Test
    void ordersNumericallyWithReleaseCandidatesBeforeTheRelease() {
        List<LeanVersion> sorted = List.of("v4.7.0", "v4.8.0-rc1", "v4.8.0-rc2", "v4.8.0", "v4.9.1", "v4.10.0",
                "v4.19.0").stream().map(LeanVersion::parse).toList();
        List<LeanVersion> shuffled = new ArrayList<>(sorted);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(sorted, shuffled);
    }

    @Test
    void comparesAgainstTheFeatureThresholds() {
        assertTrue(LeanVersion.parse("v4.8.0-rc1").isAtLeast(LeanVersion.INCREMENTALITY_SINCE));
        assertFalse(LeanVersion.parse("v4.7.0").isAtLeast(LeanVersion.INCREMENTALITY_SINCE));
        assertFalse(LeanVersion.parse("v4.19.0-rc2").isAtLeast(LeanVersion.PARALLEL_ELABORATION_SINCE));
        assertTrue(LeanVersion.parse("v4.19.0").isAtLeast(LeanVersion.PARALLEL_ELABORATION_SINCE));
    }

    @Test
    void rejectsNegativeNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new LeanVersion(4, -1, 0, 0));
    }
}
