package io.github.leaninteract.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.leaninteract.cli.ReplSelection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CheckSettings}: a serializable value, checked when made. */
class CheckSettingsTest {

    static final CheckSettings SETTINGS = CheckSettings.of(ReplSelection.ofProgram(List.of("repl", "--x")));

    @Test
    void defaultsAreOneReplAndTenMinutes() {
        assertEquals(1, SETTINGS.serversPerExecutor());
        assertEquals(Duration.ofMinutes(10), SETTINGS.timeout());
        assertNull(SETTINGS.toConfig().memoryHardLimitMb());
        assertEquals(List.of("repl", "--x"), SETTINGS.toConfig().replCommand());
    }

    @Test
    void impossibleValuesAreRefusedWithTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SETTINGS.withServersPerExecutor(0))
                .getMessage().contains("was 0"));
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.withMaxTotalMemory(1.5));
        assertThrows(IllegalArgumentException.class, () -> SETTINGS.withMemoryHardLimitMb(-1));
    }

    @Test
    void theMemoryLimitReachesTheConfig() {
        assertEquals(9000, SETTINGS.withMemoryHardLimitMb(9000).toConfig().memoryHardLimitMb());
    }

    @Test
    void aDeserializedCopyIsEqualSoItFindsTheSamePool() throws Exception {
        CheckSettings settings = SETTINGS.withServersPerExecutor(3).withTimeout(Duration.ofSeconds(90));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            CheckSettings copy = (CheckSettings) in.readObject();
            assertEquals(settings, copy);
            assertEquals(settings.hashCode(), copy.hashCode());
        }
    }
}
