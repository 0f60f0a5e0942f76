package io.mdg.graphql.importing;

import java.util.List;

import io.mdg.api.submission.FieldError;

/**
 * One line of an import's answer: the row, its source id, what happened ({@code CREATED}, {@code UPDATED},
 * {@code UNCHANGED}, {@code STALE}, {@code REJECTED}, or {@code FAILED} when the service could not handle it, e.g. a
 * timeout; retrying a failed row is safe), the golden id and the errors.
 */
public record ImportLine(int row, String sourceId, String outcome, String goldenId, List<FieldError> errors) {

    public static final String FAILED = "FAILED";
}
