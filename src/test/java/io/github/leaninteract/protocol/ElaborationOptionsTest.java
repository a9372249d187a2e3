package io.github.leaninteract.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ElaborationOptionsTest {

    private static final List<String> ELAB_ASYNC = List.of("Elab", "async");

    private static LeanRequest withAsync(LeanRequest request) {
        if (request instanceof ElaborationOptions<?> e && !e.setsOption(ELAB_ASYNC)) {
            return (LeanRequest) e.withOption(ELAB_ASYNC, true);
        }
        return request;
    }

    @Test
    void commandsAndFileCommandsTakeOptionsThroughTheSharedInterface() {
        assertEquals("{\"cmd\":\"def x := 1\",\"setOptions\":[[[\"Elab\",\"async\"],true]]}",
                LeanJson.writeRequest(withAsync(Command.of("def x := 1"))));
        assertEquals("{\"path\":\"A.lean\",\"setOptions\":[[[\"Elab\",\"async\"],true]]}",
                LeanJson.writeRequest(withAsync(FileCommand.of("A.lean"))));
    }

    @Test
    void otherRequestsAreNotElaborationRequests() {
        LeanRequest step = new ProofStep(0, "rfl");
        assertEquals(step, withAsync(step));
    }

    @Test
    void setsOptionLooksAtTheNameOnly() {
        Command c = Command.of("x").withOption(ELAB_ASYNC, false);
        assertTrue(c.setsOption(ELAB_ASYNC));
        assertFalse(c.setsOption(List.of("maxHeartbeats")));
        assertFalse(Command.of("x").setsOption(ELAB_ASYNC));
    }
}
