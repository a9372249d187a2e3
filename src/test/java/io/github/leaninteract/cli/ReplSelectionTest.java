package io.github.leaninteract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.config.LocalProject;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ReplSelection}: the REPL options of the command line, as a serializable value. */
class ReplSelectionTest {

    @Test
    void eachOptionBuildsItsConfig() {
        List<String> none = new ArrayList<>();
        ReplSelection.OtherOptions noOthers = (option, value) -> false;
        assertEquals("v4.19.0", ReplSelection.parse(List.of("--lean-version", "v4.19.0"), noOthers).toConfig()
                .leanVersion());
        assertEquals(new LocalProject(Path.of("/p")), ReplSelection.parse(List.of("--project", "/p"), noOthers)
                .toConfig().project());
        assertEquals(Path.of("/r"), ReplSelection.parse(List.of("--repl-path", "/r"), noOthers).toConfig()
                .localReplPath());
        assertEquals(List.of("prog", "--lean-version", "x"), ReplSelection.parse(
                List.of("--", "prog", "--lean-version", "x"), noOthers).toConfig().replCommand());
        assertEquals(ReplSelection.defaults(), ReplSelection.parse(none, noOthers));
    }

    @Test
    void otherOptionsGoToTheCommandWithTheirValues() {
        List<String> seen = new ArrayList<>();
        ReplSelection repl = ReplSelection.parse(List.of("--a", "1", "--lean-version", "v4.9.0", "--b", "2"),
                (option, value) -> seen.add(option + "=" + value.get()));
        assertEquals(List.of("--a=1", "--b=2"), seen);
        assertEquals(ReplSelection.ofLeanVersion("v4.9.0"), repl);
    }

    @Test
    void conflictsAndMissingValuesAreRefused() {
        ReplSelection.OtherOptions noOthers = (option, value) -> false;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplSelection.parse(
                List.of("--lean-version", "v", "--repl-path", "r"), noOthers)).getMessage().contains("at most one"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplSelection.parse(
                List.of("--project", "p", "--", "prog"), noOthers)).getMessage().contains("excludes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplSelection.parse(
                List.of("--"), noOthers)).getMessage().contains("followed by the REPL program"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplSelection.parse(
                List.of("--project"), noOthers)).getMessage().contains("--project needs a value"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ReplSelection.parse(
                List.of("--what"), noOthers)).getMessage().contains("unknown option --what"));
    }

    @Test
    void itSurvivesJavaSerialization() throws Exception {
        ReplSelection program = ReplSelection.ofProgram(new ArrayList<>(List.of("java", "-cp", "x", "Main")));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(program);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ReplSelection copy = (ReplSelection) in.readObject();
            assertEquals(program, copy);
            assertEquals(program.toConfig(), copy.toConfig());
            assertNull(copy.leanVersion());
        }
    }

    @Test
    void relativeFoldersAreMadeAbsoluteWhereTheSelectionIsMade() {
        ReplSelection selection = ReplSelection.parse(List.of("--project", "mathlib-proj/../proj"), (o, v) -> false);
        assertEquals(Path.of("proj").toAbsolutePath().toString(), selection.project());
        assertEquals(Path.of("repl").toAbsolutePath().toString(),
                ReplSelection.ofReplPath(Path.of("repl")).replPath());
    }
}
