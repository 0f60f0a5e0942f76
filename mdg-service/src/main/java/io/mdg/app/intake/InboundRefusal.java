package io.mdg.app.intake;

/**
 * Why a webhook was refused before it was queued: the HTTP status, a reason code (the tag of the
 * {@code mdg_inbound_refused_total} counter) and a message for the sender. Nothing of a refused webhook is kept.
 */
public final class InboundRefusal extends RuntimeException {

    /** The reason codes. */
    public enum Reason {
        UNKNOWN_SOURCE(404),
        UNSIGNED(401),
        BAD_SIGNATURE(401),
        STALE(401),
        MISSING_ID(400),
        BAD_TIMESTAMP(400),
        MALFORMED(400),
        TOO_LARGE(413),
        UNSUPPORTED_MEDIA_TYPE(415);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Reason reason;

    public InboundRefusal(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
