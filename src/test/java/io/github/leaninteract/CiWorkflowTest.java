package io.github.leaninteract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CI workflow files are valid YAML with the jobs the project relies on: the build on JDK 17, 21 and 25,
 * and a job that installs Lean and runs the real-Lean tests with the {@code lean} profile.
 */
class CiWorkflowTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path WORKFLOWS = Path.of(".github", "workflows");

    private static JsonNode ci() throws IOException {
        return YAML.readTree(WORKFLOWS.resolve("ci.yml").toFile());
    }

    private static String runs(JsonNode job) {
        StringBuilder all = new StringBuilder();
        job.path("steps").forEach(step -> all.append(step.path("run").asText()).append('\n'));
        return all.toString();
    }

    @Test
    void everyWorkflowFileIsValidYamlWithJobs() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(WORKFLOWS)) {
            s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).forEach(files::add);
        }
        assertTrue(!files.isEmpty(), "no workflow in " + WORKFLOWS);
        for (Path file : files) {
            JsonNode workflow = YAML.readTree(file.toFile());
            assertTrue(workflow.path("jobs").isObject() && workflow.path("jobs").size() > 0, file + " has no jobs");
            workflow.path("jobs").properties().forEach(job ->
                    assertTrue(job.getValue().path("steps").isArray(), file + ": job " + job.getKey() + " has no steps"));
        }
    }

    @Test
    void theBuildRunsOnJdk17And21And25WithTemurin() throws IOException {
        JsonNode build = ci().path("jobs").path("build");
        List<String> versions = new ArrayList<>();
        build.path("strategy").path("matrix").path("java").forEach(v -> versions.add(v.asText()));
        assertEquals(List.of("17", "21", "25"), versions);
        JsonNode setupJava = null;
        for (JsonNode step : build.path("steps")) {
            if (step.path("uses").asText().startsWith("actions/setup-java")) {
                setupJava = step;
            }
        }
        assertTrue(setupJava != null, "no setup-java step");
        assertEquals("temurin", setupJava.path("with").path("distribution").asText());
        assertEquals("${{ matrix.java }}", setupJava.path("with").path("java-version").asText());
        assertTrue(runs(build).contains("./mvnw -B verify"), runs(build));
    }

    @Test
    void aJobInstallsLeanAndRunsTheRealLeanTestsWithTheLeanProfile() throws IOException {
        JsonNode lean = ci().path("jobs").path("real-lean");
        String runs = runs(lean);
        assertTrue(runs.contains("https://elan.lean-lang.org/elan-init.sh"), runs);
        assertTrue(runs.contains("--default-toolchain none"), runs);
        assertTrue(runs.contains(".elan/bin"), runs);
        assertTrue(runs.contains("-Dtest=RealLeanSetupTest") && runs.contains("GITHUB_ENV"), runs);
        assertTrue(runs.lines().anyMatch(l -> l.contains("./mvnw -B -Plean test") && !l.contains("-Dtest=")), runs);
    }

    @Test
    void theLocalCiEntryPointRunsExactlyTheReadmeCommand() throws IOException {
        List<String> commands = Files.readAllLines(Path.of(".ci", "run")).stream()
                .filter(l -> l.startsWith("./mvnw")).toList();
        assertEquals(List.of("./mvnw -B verify"), commands);
    }
}
