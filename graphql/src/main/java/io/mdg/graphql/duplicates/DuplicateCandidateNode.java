package io.mdg.graphql.duplicates;

import java.util.List;

import io.mdg.api.EntityType;

/** The GraphQL type {@code DuplicateCandidate}; {@code record} and {@code candidate} are resolved in batches. */
public record DuplicateCandidateNode(EntityType type, String recordId, String candidateId, double score,
                                     List<String> reasons) {
}
