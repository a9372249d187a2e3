package io.github.leaninteract.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.support.NoLeakedProcesses;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a process: help, bad command lines, and the demo. */
@ExtendWith(NoLeakedProcesses.class)
class MainTest {

    @TempDir
    Path tmp;

    @Test
    void helpListsEveryCommand() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "--help");

        assertEquals(0, r.exitCode(), r.toString());
        for (String command : new String[] {"demo", "repl", "setup", "versions", "clear-cache"}) {
            assertTrue(r.out().contains("\n  " + command + " "), command + " missing in\n" + r);
        }
    }

    @Test
    void commandHelpListsItsOptions() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "setup", "--help");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("--lean-version V"), r.toString());
        assertTrue(r.out().contains("--project DIR"), r.toString());
        assertTrue(r.out().contains("--cache-dir DIR"), r.toString());
    }

    @Test
    void noCommandIsABadCommandLine() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp);

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("No command given."), r.toString());
        assertTrue(r.err().contains("Commands:"), r.toString());
    }

    @Test
    void anUnknownCommandIsABadCommandLine() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "frobnicate");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("unknown command `frobnicate`"), r.toString());
        assertTrue(r.err().contains("--help' for usage"), r.toString());
        assertEquals("", r.out());
    }

    @Test
    void anUnknownOptionIsABadCommandLine() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "setup", "--lean-versoin", "v4.19.0");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("setup: unknown option --lean-versoin"), r.toString());
        assertTrue(r.err().contains("'java -jar lean-interact.jar setup --help'"), r.toString());
    }

    @Test
    void anOptionWithoutItsValueIsABadCommandLine() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "versions", "--cache-dir");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("versions: --cache-dir needs a value"), r.toString());
    }

    @Test
    void aNonsenseLeanVersionIsABadCommandLine() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "setup", "--lean-version", "latest-and-greatest");

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("Not a Lean version: `latest-and-greatest`"), r.toString());
    }

    @Test
    void conflictingChoicesAreABadCommandLine() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "setup", "--lean-version", "v4.19.0", "--project", tmp.toString());

        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("--lean-version and --project cannot be used together"), r.toString());
    }

    @Test
    void theDemoRunsOnTheSimulatorAndSaysSo() throws Exception {
        CliProcess.Outcome r = CliProcess.run(tmp, "demo");

        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().contains("talking to ReplSimulator"), r.toString());
        assertTrue(r.out().contains("h : secret = 4242"), r.toString());
    }
}
