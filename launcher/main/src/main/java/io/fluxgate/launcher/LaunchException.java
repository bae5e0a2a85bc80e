package io.fluxgate.launcher;

/**
 * A reason the worker cannot start that the user can fix: a missing file, a bad setting, a busy port, an unreachable
 * cluster. Its message is the one line printed on stderr before the launcher exits with status 1.
 */
final class LaunchException extends Exception {

    private static final long serialVersionUID = 1L;

    LaunchException(String message) {
        super(message);
    }

    LaunchException(String message, Throwable cause) {
        super(message, cause);
    }
}
