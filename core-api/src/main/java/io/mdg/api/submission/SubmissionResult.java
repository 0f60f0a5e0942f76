package io.mdg.api.submission;

import java.util.List;

/** The answer to a source submission: outcome, golden id and the per-attribute and per-field results. */
public record SubmissionResult(SubmissionOutcome outcome,
                               String goldenId,
                               List<AttributeResult> attributes,
                               List<FieldError> errors) {

    public SubmissionResult {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static SubmissionResult rejected(String goldenId, List<FieldError> errors) {
        return new SubmissionResult(SubmissionOutcome.REJECTED, goldenId, List.of(), errors);
    }
}
