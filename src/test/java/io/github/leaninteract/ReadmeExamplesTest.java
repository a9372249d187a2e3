package io.github.leaninteract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java sample of README.md compiles against the library, and the README's commands fit the build. */
class ReadmeExamplesTest {

    private static final String IMPORTS = String.join("\n",
            "import io.github.leaninteract.config.*;",
            "import io.github.leaninteract.protocol.*;",
            "import io.github.leaninteract.server.*;",
            "import io.github.leaninteract.sessioncache.*;",
            "import io.github.leaninteract.testing.*;",
            "import io.github.leaninteract.util.*;",
            "import io.github.leaninteract.spark.*;",
            "import io.github.leaninteract.cli.ReplSelection;",
            "import java.nio.file.*;",
            "import java.time.*;",
            "import java.util.*;",
            "import static org.junit.jupiter.api.Assertions.*;");

    @TempDir
    Path out;

    private static String readme() throws IOException {
        return Files.readString(Path.of("README.md"));
    }

    private static List<String> javaSamples(String readme) {
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> samples = new ArrayList<>();
        while (m.find()) {
            samples.add(m.group(1));
        }
        return samples;
    }

    @Test
    void everyJavaSampleCompiles() throws IOException {
        List<String> samples = javaSamples(readme());
        assertTrue(samples.size() >= 3, "found " + samples.size() + " samples");
        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            String name = "ReadmeSample" + i;
            // A field named config lets samples use the config of an earlier one.
            String code = IMPORTS + "\nclass " + name + " {\n LeanReplConfig config;\n void run() throws Exception {\n"
                    + samples.get(i) + "\n }\n}\n";
            sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return code;
                }
            });
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "tests need a JDK");
        StringWriter diagnostics = new StringWriter();
        boolean ok = compiler.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none"),
                null, sources).call();
        assertTrue(ok, "README samples do not compile:\n" + diagnostics);
    }

    @Test
    void noSampleCastsAnAnswer() throws IOException {
        Pattern cast = Pattern.compile("\\((CommandResponse|ProofStepResponse|LeanError)\\)");
        for (String sample : javaSamples(readme())) {
            Matcher m = cast.matcher(sample);
            assertFalse(m.find(), "a README sample casts an answer (use command, proofStep, asCommand...):\n" + sample);
        }
    }

    @Test
    void theDemoCommandNamesTheJarThisBuildMakes() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>lean-interact</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find());
        assertTrue(readme().contains("java -jar target/lean-interact-" + version.group(1) + ".jar demo"));
    }

    @Test
    void ciRunsTheReadmeTestCommand() throws IOException {
        String ci = Files.readString(Path.of(".ci", "run"));
        assertTrue(readme().contains("./mvnw -B verify"));
        List<String> commands = ci.lines().filter(l -> l.startsWith("./mvnw")).toList();
        assertEquals(List.of("./mvnw -B verify"), commands);
        assertFalse(ci.contains("-DskipTests"));
    }
}
