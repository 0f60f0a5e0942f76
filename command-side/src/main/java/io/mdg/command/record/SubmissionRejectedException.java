package io.mdg.command.record;

import java.util.List;

import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.FieldError;

/** A new record's submission failed the record rules: nothing is created; answered as REJECTED with the errors. */
public class SubmissionRejectedException extends RuntimeException {

    private final transient List<AttributeResult> attributes;
    private final transient List<FieldError> errors;

    public SubmissionRejectedException(List<AttributeResult> attributes, List<FieldError> errors) {
        super("submission rejected: " + errors);
        this.attributes = List.copyOf(attributes);
        this.errors = List.copyOf(errors);
    }

    public List<AttributeResult> attributes() {
        return attributes;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
