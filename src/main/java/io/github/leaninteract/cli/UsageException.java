package io.github.leaninteract.cli;

/** A bad command line: the message says what is wrong; the command exits with code 2. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
