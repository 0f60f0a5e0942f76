package io.mdg.api.record;

import java.time.Instant;
import java.util.List;

import io.mdg.api.SourceSystem;

/** A change held for approval: which attributes, proposed by which source, when, and approvals required. */
public record PendingChangeView(List<String> attributes, SourceSystem system, String sourceId, Instant at,
                                int approvalsRequired) {
}
