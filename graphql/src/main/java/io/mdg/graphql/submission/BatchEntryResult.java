package io.mdg.graphql.submission;

import io.mdg.api.EntityType;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionResult;

/** The GraphQL type {@code BatchEntryResult}: a result, or the error that kept the entry from having one. */
public record BatchEntryResult(int index, EntityType type, String sourceId, SubmissionResult result,
                               FieldError error) {
}
