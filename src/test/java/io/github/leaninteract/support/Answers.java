package io.github.leaninteract.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.github.leaninteract.protocol.CommandResponse;
import io.github.leaninteract.protocol.LeanResponse;

/** Reading the parts of REPL answers that tests compare. */
public final class Answers {

    private Answers() {}

    /**
     * The data of the first message of {@code response}, which must be a {@link CommandResponse} with at least
     * one message: what {@code #eval}, {@code #check} and {@code #print} answer with.
     */
    public static String info(LeanResponse response) {
        CommandResponse c = assertInstanceOf(CommandResponse.class, response);
        assertFalse(c.messages().isEmpty(), "no messages in " + c);
        return c.messages().get(0).data();
    }
}
