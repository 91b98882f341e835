package dev.srekg.ingest;

/** A {@link GraphSink} operation that failed, classified once where the database's errors are known. */
public abstract sealed class WriteFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private WriteFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The database is unavailable or the write met a transient error: the same write may succeed later. */
    public static final class Retriable extends WriteFailure {
        private static final long serialVersionUID = 1L;

        public Retriable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The database refused the write for good: writing it again fails again. */
    public static final class Rejected extends WriteFailure {
        private static final long serialVersionUID = 1L;

        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
