package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.audit.SubmissionRefusedEvent;
import io.mdg.api.submission.SubmissionResult;

/**
 * A golden record's answer to a {@link DecideSubmissionCommand}: the source's {@code result}, and what of the
 * submission was refused and is to be audited ({@code refusal}; null when nothing was refused, or when a retried
 * version's refusal was audited when it first came).
 */
public record SubmissionDecision(SubmissionResult result, SubmissionRefusedEvent refusal) {

    public SubmissionDecision {
        Objects.requireNonNull(result, "result");
    }
}
