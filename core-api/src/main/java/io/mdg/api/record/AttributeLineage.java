package io.mdg.api.record;

import java.time.Instant;

import io.mdg.api.SourceSystem;

/**
 * Where an attribute's golden value came from: the source system and record, when, the approved change request
 * it came through ({@code changeRequestId}, null for a change applied directly), and the governance rules the value
 * was decided by ({@code rulesVersion} and {@code rulesHash}, from the event's metadata; null for values applied by
 * events stored before they were recorded).
 */
public record AttributeLineage(String attribute, SourceSystem system, String sourceId, Instant at,
                               String changeRequestId, String rulesVersion, String rulesHash) {

    /** A value without the rules it was decided by (events stored before they were recorded; tests). */
    public AttributeLineage(String attribute, SourceSystem system, String sourceId, Instant at,
                            String changeRequestId) {
        this(attribute, system, sourceId, at, changeRequestId, null, null);
    }

    /** A value applied directly, not through a change request. */
    public AttributeLineage(String attribute, SourceSystem system, String sourceId, Instant at) {
        this(attribute, system, sourceId, at, null);
    }
}
