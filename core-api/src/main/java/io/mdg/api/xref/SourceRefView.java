package io.mdg.api.xref;

import java.time.Instant;

import io.mdg.api.SourceSystem;

/** A cross-reference: a source system's record id that maps to a golden record, and the last version seen. */
public record SourceRefView(SourceSystem system, String sourceId, Long sourceVersion, Instant lastSubmittedAt) {
}
