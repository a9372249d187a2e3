package io.github.leaninteract.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the protocol model against the Lean REPL's own recorded test transcripts (read from
 * {@code ../shared/repl-transcripts}, never copied into the project).
 *
 * <p>Each request is framed as the REPL frames it ({@code getLines} in {@code REPL/Main.lean}): lines
 * up to a blank one, each right-trimmed, joined with no separator, so a raw line break inside a string
 * vanishes ({@code invalid_line_break.in}) while an escaped {@code \n} stays ({@code line_breaks.in}).
 * Queries starting with {@code #} or {@code --} are comments the REPL does not answer.
 *
 * <p>Every request must read into a typed request that writes back to the same JSON; no recorded
 * request is one the REPL rejects, so none is expected to be rejected here. Every recorded answer must
 * read, for its request, into the right response kind and write back to the same JSON up to empty
 * lists (which the REPL omits); the typed model must account for every field (no unknown fields kept).
 */
class TranscriptConformanceTest {

    private static final Logger LOG = LoggerFactory.getLogger(TranscriptConformanceTest.class);

    private static final Path DEFAULT_TRANSCRIPTS = Path.of("..", "shared", "repl-transcripts");

    private static final Path TRANSCRIPTS = transcriptsDir();

    /** Lists the REPL leaves out when empty. */
    private static final List<String> OMITTED_WHEN_EMPTY =
            List.of("messages", "sorries", "tactics", "declarations", "infotree", "traces");

    /** Numbers are equal when their values are, whatever Jackson node type holds them. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private final AtomicInteger transcripts = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger answers = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> everyRecordedTranscriptConforms() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(TRANSCRIPTS),
                TRANSCRIPTS.toAbsolutePath().normalize() + " not found, skipping the transcript conformance test");
        List<Path> inputs = new ArrayList<>();
        for (Path dir : List.of(TRANSCRIPTS, TRANSCRIPTS.resolve("mathlib"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.getFileName().toString().endsWith(".in")).sorted().forEach(inputs::add);
                }
            }
        }
        Stream<DynamicTest> perTranscript = inputs.stream().map(in -> DynamicTest.dynamicTest(
                TRANSCRIPTS.relativize(in).toString(), in.toUri(), () -> checkTranscript(in)));
        Stream<DynamicTest> summary = Stream.of(DynamicTest.dynamicTest("summary", () -> {
            LOG.info("checked {} transcripts: {} requests, {} answers", transcripts, requests, answers);
            assertTrue(requests.get() > 0, "no transcript request was checked");
            assertTrue(answers.get() > 0, "no transcript answer was checked");
        }));
        return Stream.concat(perTranscript, summary);
    }

    private void checkTranscript(Path in) throws IOException {
        List<String> queries = replQueries(Files.readString(in, StandardCharsets.UTF_8));
        List<LeanRequest> typed = new ArrayList<>();
        for (String query : queries) {
            JsonNode original = LeanJson.readTree(query);
            LeanRequest request = LeanJson.readRequest(query);
            assertEquals(request, LeanJson.readRequest(original), "tree and text variants differ");
            assertTrue(original.equals(BY_VALUE, LeanJson.toTree(request)),
                    () -> "request does not write back unchanged:\n" + query + "\n" + LeanJson.writeRequest(request));
            typed.add(request);
        }
        requests.addAndGet(typed.size());

        Path out = in.resolveSibling(in.getFileName().toString().replaceFirst("\\.in$", ".expected.out"));
        if (Files.exists(out)) {
            List<String> recorded = blocks(Files.readString(out, StandardCharsets.UTF_8));
            assertEquals(typed.size(), recorded.size(), "number of answers vs requests");
            for (int k = 0; k < recorded.size(); k++) {
                checkAnswer(typed.get(k), recorded.get(k));
            }
            answers.addAndGet(recorded.size());
        }
        transcripts.incrementAndGet();
    }

    private static void checkAnswer(LeanRequest request, String text) {
        LeanResponse response = LeanJson.readResponse(request, text);
        JsonNode original = LeanJson.readTree(text);
        if (original.size() == 1 && original.has("message")) {
            assertInstanceOf(LeanError.class, response);
        } else if (request.producesProofState()) {
            assertInstanceOf(ProofStepResponse.class, response);
        } else {
            CommandResponse command = assertInstanceOf(CommandResponse.class, response);
            for (InfoTree root : command.infotree()) {
                root.stream().forEach(TranscriptConformanceTest::assertFullyTyped);
            }
        }
        JsonNode expected = withoutEmptyLists(original);
        JsonNode written = LeanJson.toTree(response);
        assertTrue(expected.equals(BY_VALUE, written),
                () -> "answer does not write back unchanged:\n" + expected + "\n" + written);
    }

    /** Every field of the recorded info trees has a typed home; extra is only for what the REPL adds later. */
    private static void assertFullyTyped(InfoTree tree) {
        assertEquals(Map.of(), tree.extra(), "unmodelled info tree fields");
        if (tree.node() != null) {
            assertEquals(Map.of(), tree.node().extra(), "unmodelled node fields");
            assertEquals(Map.of(), tree.node().stx().extra(), "unmodelled syntax fields");
        }
    }

    private static JsonNode withoutEmptyLists(JsonNode answer) {
        ObjectNode copy = ((ObjectNode) answer).deepCopy();
        for (String field : OMITTED_WHEN_EMPTY) {
            JsonNode v = copy.get(field);
            if (v != null && v.isArray() && v.isEmpty()) {
                copy.remove(field);
            }
        }
        return copy;
    }

    /** The queries the REPL would read from this input, comments left out. */
    static List<String> replQueries(String input) {
        List<String> queries = new ArrayList<>();
        for (String query : blocks(input)) {
            if (!query.startsWith("#") && !query.startsWith("--")) {
                queries.add(query);
            }
        }
        return queries;
    }

    /** Blank-line separated blocks; within a block each line right-trimmed and joined without separator. */
    static List<String> blocks(String text) {
        List<String> blocks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank()) {
                if (current.length() > 0) {
                    blocks.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(line.stripTrailing());
            }
        }
        if (current.length() > 0) {
            blocks.add(current.toString());
        }
        return blocks;
    }

    /**
     * {@code ../shared/repl-transcripts} from the project directory; the system property
     * {@code leaninteract.transcripts} overrides it, and {@code ../../shared/repl-transcripts} is tried
     * too for git worktrees kept one level deeper than the main checkout.
     */
    private static Path transcriptsDir() {
        String override = System.getProperty("leaninteract.transcripts");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        Path nested = Path.of("..", "..", "shared", "repl-transcripts");
        return !Files.isDirectory(DEFAULT_TRANSCRIPTS) && Files.isDirectory(nested) ? nested : DEFAULT_TRANSCRIPTS;
    }
}
