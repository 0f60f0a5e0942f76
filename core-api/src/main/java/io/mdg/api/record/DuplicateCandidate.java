package io.mdg.api.record;

import java.util.List;

/** Two golden records that may be duplicates: similarity score in [0, 1] and the reasons. */
public record DuplicateCandidate(String recordId, String candidateId, double score, List<String> reasons) {
}
