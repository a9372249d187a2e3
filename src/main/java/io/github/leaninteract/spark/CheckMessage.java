package io.github.leaninteract.spark;

import io.github.leaninteract.protocol.Message;

import java.io.Serializable;
import java.util.Objects;

/**
 * One error or warning of a checked text, where the REPL reported it: line (from 1) and column (from 0, in
 * code points) in the coordinates of the text as given.
 *
 * <p>Immutable and thread-safe.
 *
 * @param line the line of the message's start
 * @param column the column of the message's start
 * @param message the message text
 */
public record CheckMessage(int line, int column, String message) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Requires a message text. */
    public CheckMessage {
        Objects.requireNonNull(message, "message");
    }

    /** The position and text of a REPL message. */
    public static CheckMessage of(Message message) {
        return new CheckMessage(message.pos().line(), message.pos().column(), message.data());
    }
}
