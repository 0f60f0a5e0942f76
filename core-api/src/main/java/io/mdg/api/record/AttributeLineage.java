package io.mdg.api.record;

import java.time.Instant;

import io.mdg.api.SourceSystem;

/** Where an attribute's golden value came from: the source system and record, and when. */
public record AttributeLineage(String attribute, SourceSystem system, String sourceId, Instant at) {
}
