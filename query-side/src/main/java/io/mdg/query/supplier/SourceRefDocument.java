package io.mdg.query.supplier;

import java.time.Instant;

import io.mdg.api.SourceSystem;

/** A source record linked to a golden record, with the last version and time it was submitted. */
public record SourceRefDocument(SourceSystem system, String sourceId, Long sourceVersion, Instant lastSubmittedAt) {
}
