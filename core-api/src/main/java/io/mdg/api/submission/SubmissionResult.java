package io.mdg.api.submission;

import java.util.List;

/**
 * The answer to a source submission: outcome, golden id and the per-attribute and per-field results, and the change
 * request that holds its high-risk attributes for approval (null when nothing was held by this submission).
 */
public record SubmissionResult(SubmissionOutcome outcome,
                               String goldenId,
                               List<AttributeResult> attributes,
                               List<FieldError> errors,
                               String changeRequestId) {

    public SubmissionResult {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public SubmissionResult(SubmissionOutcome outcome, String goldenId, List<AttributeResult> attributes,
                            List<FieldError> errors) {
        this(outcome, goldenId, attributes, errors, null);
    }

    public SubmissionResult withChangeRequest(String changeRequestId) {
        return new SubmissionResult(outcome, goldenId, attributes, errors, changeRequestId);
    }

    public static SubmissionResult rejected(String goldenId, List<FieldError> errors) {
        return new SubmissionResult(SubmissionOutcome.REJECTED, goldenId, List.of(), errors);
    }
}
