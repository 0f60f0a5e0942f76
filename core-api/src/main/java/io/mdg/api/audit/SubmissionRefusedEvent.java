package io.mdg.api.audit;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;

/**
 * A source submission was refused in whole or in part: either REJECTED (a validation failure or a rule: nothing
 * changed), or some of its attributes were refused (NOT_SYSTEM_OF_RECORD, INVALID) while the rest was decided as
 * usual. Not an aggregate event (no golden record changes through it): stored in the event store for the audit
 * trail only, so that refused attempts are kept as long as everything else.
 *
 * @param type       the record type submitted
 * @param recordId   the golden record the source record maps to; null when it maps to none (a refused new record)
 * @param source     the submitting source record
 * @param actor      the submitting client (from the token)
 * @param outcome    the submission's outcome (REJECTED, or what happened to the rest of it)
 * @param attributes the refused attributes with status, code and message (for a REJECTED submission: every
 *                   attribute sent, none was applied)
 * @param values     the values the source sent for those attributes
 * @param errors     the field errors of a REJECTED submission (empty otherwise)
 */
public record SubmissionRefusedEvent(EntityType type, String recordId, SourceRef source, Actor actor,
                                     SubmissionOutcome outcome, List<AttributeResult> attributes,
                                     MasterAttributes values, List<FieldError> errors) {

    public SubmissionRefusedEvent {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
        errors = errors == null ? List.of() : List.copyOf(errors);
    }
}
