package io.mdg.api.feed;

/**
 * Meta-data of the events that change golden records, as the change feeds pass them on to consumers.
 */
public final class ChangeMetaData {

    /** The correlation id of the request that caused the event (Axon's correlation data). */
    public static final String CORRELATION_ID = "correlationId";

    /**
     * The version of the governance rules file in force in the process that published the event (events published
     * before it was recorded have none).
     */
    public static final String RULES_VERSION = "rulesVersion";

    private ChangeMetaData() {
    }
}
