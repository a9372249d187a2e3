package io.github.leaninteract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeanProjectTest {

    @Test
    void aLocalProjectIsBuiltByDefaultAndHasAnAbsoluteFolder() {
        LocalProject p = new LocalProject(Path.of("relative/dir"));
        assertTrue(p.directory().isAbsolute());
        assertTrue(p.build());
        assertFalse(p.update());
        assertTrue(p.withUpdate(true).build(), "updating implies building");
        assertFalse(p.withUpdate(true).withBuild(false).update());
    }

    @Test
    void aGitProjectNeedsAUrl() {
        assertThrows(IllegalArgumentException.class, () -> GitProject.of(" "));
        assertThrows(IllegalArgumentException.class, () -> GitProject.of("https://x/y", ""));
        GitProject p = GitProject.of("https://example.org/a/b.git");
        assertNull(p.revision());
        assertNull(p.directory());
        assertTrue(p.build());
        assertTrue(p.withForcePull(true).forcePull());
    }

    @Test
    void aGitProjectWithoutFolderLivesInTheCacheByUrlAndRevision() {
        Path cache = Path.of("/cache");
        Path dir = ProjectPreparer.gitDirectory(cache, GitProject.of("https://example.org/a/b.git", "feat/x"));
        assertEquals(cache.resolve("git-projects"), dir.getParent().getParent());
        assertTrue(dir.getParent().getFileName().toString().startsWith("b-"), dir.toString());
        assertEquals("feat_x", dir.getFileName().toString());
    }

    @Test
    void temporaryProjectsNeedContent() {
        assertThrows(IllegalArgumentException.class,
                () -> new TemporaryProject(" ", TemporaryProject.LakefileKind.LEAN));
        assertThrows(IllegalArgumentException.class, () -> new TempRequireProject(List.of()));
        LeanRequire a = new LeanRequire("a", "https://example.org/a.git");
        assertThrows(IllegalArgumentException.class, () -> TempRequireProject.of(a, a));
    }

    @Test
    void theMathlibShortcutFollowsTheLeanVersion() {
        List<LeanRequire> resolved = TempRequireProject.mathlib().resolvedRequires(LeanVersion.parse("v4.19.0"));
        assertEquals(List.of(new LeanRequire("mathlib", LeanRequire.MATHLIB_GIT, "v4.19.0")), resolved);
        assertEquals("require mathlib from git\n  \"" + LeanRequire.MATHLIB_GIT + "\" @ \"v4.19.0\"",
                resolved.get(0).lakefileLine());
    }

    @Test
    void aRequireWithoutRevisionUsesTheDefaultBranch() {
        assertEquals("require b from git\n  \"https://example.org/b.git\"",
                new LeanRequire("b", "https://example.org/b.git").lakefileLine());
    }

    @Test
    void requiresCannotBreakTheLakefile() {
        assertThrows(IllegalArgumentException.class, () -> new LeanRequire("a b", "https://x"));
        assertThrows(IllegalArgumentException.class, () -> new LeanRequire("a", "https://x\" evil"));
        assertThrows(IllegalArgumentException.class, () -> new LeanRequire("a", "https://x", "v1\""));
    }

    @Test
    void theTemporaryProjectHashDependsOnContentAndKind() {
        LeanVersion v = LeanVersion.parse("v4.19.0");
        TemporaryProject lean = new TemporaryProject("x", TemporaryProject.LakefileKind.LEAN);
        assertEquals(ProjectPreparer.contentHash(lean, v),
                ProjectPreparer.contentHash(new TemporaryProject("x", TemporaryProject.LakefileKind.LEAN), v));
        assertFalse(ProjectPreparer.contentHash(lean, v).equals(
                ProjectPreparer.contentHash(new TemporaryProject("x", TemporaryProject.LakefileKind.TOML), v)));
        assertEquals(32, ProjectPreparer.contentHash(lean, v).length());
    }
}
