package io.mdg.api.record;

import java.time.LocalDate;
import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.model.MasterAttributes;

/**
 * Internal: the golden record decides a source's submission, creating itself when it does not exist yet. Sent by the
 * submission handler of {@link SubmitRecordCommand} once the set-based part is done: the values are normalised and
 * their references resolved to golden ids, and the record is the one the source record (or one of its identifiers,
 * {@code matchedOn}) maps to, or a new id. Answers a {@link SubmissionDecision}.
 *
 * @param matchedOn       the identifier a new source record was matched to this record on (null: not matched)
 * @param changeRequestId the id of the change request that whatever is held for approval goes to
 * @param today           the date of the submission (contract rules see backdating against it; null: not checked)
 */
public record DecideSubmissionCommand(String recordId, SourceRef source, MasterAttributes attributes, Actor actor,
                                      String matchedOn, String changeRequestId, LocalDate today)
        implements RecordCommand {

    public DecideSubmissionCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(actor, "actor");
    }
}
