package io.mdg.api.record;

import java.time.Instant;

import io.mdg.api.SourceSystem;

/**
 * Where an attribute's golden value came from: the source system and record, when, and the approved change request
 * it came through ({@code changeRequestId}, null for a change applied directly).
 */
public record AttributeLineage(String attribute, SourceSystem system, String sourceId, Instant at,
                               String changeRequestId) {

    /** A value applied directly, not through a change request. */
    public AttributeLineage(String attribute, SourceSystem system, String sourceId, Instant at) {
        this(attribute, system, sourceId, at, null);
    }
}
