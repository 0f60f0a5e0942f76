package io.mdg.api.submission;

import java.util.List;

/**
 * The answer to a source submission: outcome, golden id and the per-attribute and per-field results, the change
 * request that holds its high-risk attributes for approval (null when nothing was held by this submission), and the
 * golden record's version once the submission is applied (as reads show it: {@code RecordView#version}; null when no
 * record decided it), which a read may wait for on any node.
 */
public record SubmissionResult(SubmissionOutcome outcome,
                               String goldenId,
                               List<AttributeResult> attributes,
                               List<FieldError> errors,
                               String changeRequestId,
                               Long version) {

    public SubmissionResult {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public SubmissionResult(SubmissionOutcome outcome, String goldenId, List<AttributeResult> attributes,
                            List<FieldError> errors, String changeRequestId) {
        this(outcome, goldenId, attributes, errors, changeRequestId, null);
    }

    public SubmissionResult(SubmissionOutcome outcome, String goldenId, List<AttributeResult> attributes,
                            List<FieldError> errors) {
        this(outcome, goldenId, attributes, errors, null, null);
    }

    public SubmissionResult withChangeRequest(String changeRequestId) {
        return new SubmissionResult(outcome, goldenId, attributes, errors, changeRequestId, version);
    }

    /** With the golden record's version once this submission is applied. */
    public SubmissionResult withVersion(long version) {
        return new SubmissionResult(outcome, goldenId, attributes, errors, changeRequestId, version);
    }

    public static SubmissionResult rejected(String goldenId, List<FieldError> errors) {
        return new SubmissionResult(SubmissionOutcome.REJECTED, goldenId, List.of(), errors);
    }
}
