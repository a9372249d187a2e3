package io.github.leaninteract.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Spark is optional and provided: what a user of the library gets is only Jackson and the SLF4J API. Reads the
 * runtime dependency tree that the build writes before the tests ({@code dependency:tree -Dscope=runtime},
 * execution {@code runtime-dependency-tree} in the pom).
 */
class SparkStaysOutOfUsersTreesTest {

    static final Path TREE = Path.of("target", "runtime-dependency-tree.txt");

    @Test
    void theRuntimeTreeHoldsOnlyJacksonAndTheSlf4jApi() throws IOException {
        assertTrue(Files.isRegularFile(TREE), TREE.toAbsolutePath() + " is missing: run the tests through Maven");
        List<String> lines = Files.readAllLines(TREE);
        Set<String> artifacts = new TreeSet<>();
        // The first line is the project itself; each other line is "+- group:artifact:type:version:scope".
        for (String line : lines.subList(1, lines.size())) {
            String coordinates = line.replaceFirst("^[|+\\\\\\- ]+", "");
            if (!coordinates.isBlank()) {
                String[] parts = coordinates.split(":");
                artifacts.add(parts[0] + ":" + parts[1]);
            }
        }
        assertEquals(Set.of("com.fasterxml.jackson.core:jackson-databind", "com.fasterxml.jackson.core:jackson-core",
                "com.fasterxml.jackson.core:jackson-annotations", "org.slf4j:slf4j-api"), artifacts, String.join("\n", lines));
    }
}
