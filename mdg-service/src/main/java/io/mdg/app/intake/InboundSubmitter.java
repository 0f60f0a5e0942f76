package io.mdg.app.intake;

import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.submission.SubmissionInput;

/** Sends a mapped submission through governance as its source, under the entry's correlation id. */
@FunctionalInterface
public interface InboundSubmitter {

    /** The command side's answer; throws what the send threw (a refusal, a timeout, ...). */
    SubmissionResult submit(InboundSource source, String correlationId, SubmissionInput input) throws Exception;
}
