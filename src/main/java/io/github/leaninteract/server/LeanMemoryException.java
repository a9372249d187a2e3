package io.github.leaninteract.server;

/**
 * Memory stayed above the limits of an {@link AutoLeanServer} after the allowed number of restarts.
 */
public class LeanMemoryException extends LeanServerException {

    /** An exception with this message. */
    public LeanMemoryException(String message) {
        super(message);
    }
}
