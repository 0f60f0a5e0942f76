package io.mdg.app.ops;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionResult;

/**
 * Counts submissions by source system, record type and outcome ({@code mdg_submissions_total}) where they are
 * decided: around the command side's handling of {@link SubmitRecordCommand}. That is the one place every
 * submission passes exactly once with its decided outcome, whichever way it came in (a GraphQL submission, an entry
 * of a batch, a row of a file import) and however many edge processes there are; the edge would have to count in
 * three places and would count a command that timed out at the edge but was decided anyway as a failure. A command
 * that fails (a refusal by exception, an infrastructure error) counts as outcome {@code ERROR}.
 */
public final class SubmissionMetrics implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final MeterRegistry registry;
    /** The counters by source, type and outcome, registered once (a registry lookup per submission costs). */
    private final java.util.Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();

    public SubmissionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (!(unitOfWork.getMessage().getPayload() instanceof SubmitRecordCommand command)) {
            return chain.proceed();
        }
        String outcome = "ERROR";
        try {
            Object result = chain.proceed();
            if (result instanceof SubmissionResult submission && submission.outcome() != null) {
                outcome = submission.outcome().name();
            }
            return result;
        } finally {
            String source = command.source().system().name();
            String type = command.attributes() == null ? "UNKNOWN" : command.attributes().entityType().name();
            String finalOutcome = outcome;
            counters.computeIfAbsent(source + '|' + type + '|' + outcome, k -> Counter.builder("mdg.submissions")
                    .description("Submissions from source systems, by source, record type and outcome")
                    .tag("source", source)
                    .tag("type", type)
                    .tag("outcome", finalOutcome)
                    .register(registry)).increment();
        }
    }
}
