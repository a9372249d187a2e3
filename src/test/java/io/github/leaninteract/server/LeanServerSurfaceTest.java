package io.github.leaninteract.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What users see of the servers: what only session caches need is on {@link ServerAccess}, so a method that
 * leaks back onto a server's public or protected surface fails here.
 */
class LeanServerSurfaceTest {

    private static final Set<String> CACHE_ONLY = Set.of("withExclusiveAccess", "processGeneration", "runInProcess",
            "runPipelined");

    @Test
    void leanServersPublicMethodsAreExactlyTheUserFacingOnes() {
        Set<String> expected = new TreeSet<>(Set.of(
                "name()", "config()", "isAlive()", "pid()", "start()", "kill()", "restart()", "memoryUsageBytes()",
                "recentStderr()", "run(LeanRequest)", "run(LeanRequest,Duration)", "runAsync(LeanRequest,Duration)",
                "command(Command)", "command(Command,Duration)", "file(FileCommand,Duration)",
                "proofStep(ProofStep,Duration)", "pickle(PickleEnvironment,Duration)",
                "pickle(PickleProofState,Duration)", "unpickle(UnpickleEnvironment,Duration)",
                "unpickle(UnpickleProofState,Duration)", "runRaw(JsonNode,Duration)", "close()", "isClosed()",
                "toString()"));
        assertEquals(expected, declared(LeanServer.class, Modifier.PUBLIC));
    }

    @Test
    void leanServerHasNoProtectedHooks() {
        assertEquals(Set.of(), declared(LeanServer.class, Modifier.PROTECTED));
    }

    @Test
    void autoLeanServerDoesNotReexposeWhatOnlyCachesNeed() {
        Set<String> leaked = Arrays.stream(AutoLeanServer.class.getMethods())
                .filter(m -> CACHE_ONLY.contains(m.getName()))
                .map(LeanServerSurfaceTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), leaked);
        assertEquals(Set.of(), declared(AutoLeanServer.class, Modifier.PROTECTED));
    }

    @Test
    void serverAccessOffersWhatCachesNeed() {
        Set<String> offered = Arrays.stream(ServerAccess.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getName)
                .collect(Collectors.toSet());
        assertTrue(offered.containsAll(CACHE_ONLY), "ServerAccess offers " + offered);
    }

    private static Set<String> declared(Class<?> type, int modifier) {
        return Arrays.stream(type.getDeclaredMethods())
                .filter(m -> !m.isSynthetic() && !m.isBridge() && (m.getModifiers() & modifier) != 0)
                .map(LeanServerSurfaceTest::signature)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String signature(Method m) {
        return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")"));
    }
}
