package io.mdg.api.feed;

/**
 * Meta-data of the events that change golden records, as the change feeds pass them on to consumers.
 */
public final class ChangeMetaData {

    /** The correlation id of the request that caused the event (Axon's correlation data). */
    public static final String CORRELATION_ID = "correlationId";

    /**
     * The declared version of the governance rules the event was decided by: those in force at the decision's time
     * (events published before it was recorded have none).
     */
    public static final String RULES_VERSION = "rulesVersion";

    /**
     * The SHA-256 of the canonical content of the governance rules the event was decided by (beside their declared
     * {@link #RULES_VERSION}); events published before it was recorded have none.
     */
    public static final String RULES_HASH = "rulesHash";

    private ChangeMetaData() {
    }
}
