package dev.fpa.server.http;

/** A request that cannot be served, with the status and the one-line reason the client gets as JSON. */
public final class HttpError extends RuntimeException {
    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int METHOD_NOT_ALLOWED = 405;
    public static final int TOO_LARGE = 413;
    public static final int UNAVAILABLE = 503;

    private final int status;

    public HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
