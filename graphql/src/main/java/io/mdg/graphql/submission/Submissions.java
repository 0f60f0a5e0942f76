package io.mdg.graphql.submission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.idempotency.IdempotencyClaim;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.correlation.IdempotencyClaims;
import io.mdg.graphql.hygiene.CallerLimits;
import io.mdg.graphql.idempotency.CanonicalInput;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * The one path of every source submission (GraphQL mutations, batches, file imports): checks the input's shape,
 * builds a {@link SubmitRecordCommand} whose source system and actor come from the caller's token, never from the
 * request, and sends it through the command gateway with the edge's timeout. An input with shape errors is
 * answered REJECTED without a command.
 *
 * <p>Batches and imports send through {@link #limiter()}: concurrently, on a small dispatch pool shared by the
 * edge ({@code mdg.edge.dispatch-threads}, 16 by default), at most {@link CallerLimits#inFlight} (16 by default)
 * per request.
 */
@Component
@Profile("edge")
public class Submissions implements DisposableBean {

    private final CommandGateway commandGateway;
    private final Duration timeout;
    private final ExecutorService dispatch;
    private final CallerLimits limits;

    public Submissions(CommandGateway commandGateway, EdgeSettings settings, CallerLimits limits) {
        this.commandGateway = commandGateway;
        this.limits = limits;
        this.timeout = settings.timeout();
        AtomicInteger threads = new AtomicInteger();
        this.dispatch = Executors.newFixedThreadPool(settings.dispatchThreads(), task -> {
            Thread thread = new Thread(task, "mdg-submission-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A limiter for one batch or import: concurrent sends, a bounded number in flight. */
    public InFlightLimiter limiter() {
        return new InFlightLimiter(limits.inFlight(), dispatch);
    }

    @Override
    public void destroy() {
        dispatch.shutdown();
    }

    /** Sends one submission; the caller must be a source client (refused with AccessDeniedException otherwise). */
    public CompletableFuture<SubmissionResult> submit(Caller caller, SubmissionInput input) {
        SourceSystem system = caller.requireSourceSystem();
        List<FieldError> errors = new ArrayList<>(SourceIdRules.check(input.sourceId(), input.sourceVersion()));
        errors.addAll(input.inputErrors());
        Optional<IdempotencyClaim> claim = claim(caller, input, errors);
        if (!errors.isEmpty()) {
            return CompletableFuture.completedFuture(SubmissionResult.rejected(null, errors));
        }
        SubmitRecordCommand command = new SubmitRecordCommand(
                new SourceRef(system, input.sourceId(), input.sourceVersion()), input.attributes(), caller.actor());
        CommandMessage<SubmitRecordCommand> message = Correlation.command(command);
        if (claim.isPresent()) {
            message = message.andMetaData(claim.get().metaData());
        }
        return commandGateway.<SubmissionResult>send(message).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The submission's idempotency claim: its own key (a batch entry's, an import row's, or a single mutation's
     * {@code idempotencyKey}) or the {@code Idempotency-Key} header of a single mutation (both: they must be the
     * same), scoped to the caller; the input's hash is that of the submission as bound ({@link CanonicalInput}), so
     * the same submission has the same hash whichever way it came (a single mutation, a batch entry, an import row).
     */
    private static Optional<IdempotencyClaim> claim(Caller caller, SubmissionInput input, List<FieldError> errors) {
        Optional<IdempotencyClaim> header = IdempotencyClaims.current();
        String key = input.idempotencyKey();
        if (key != null && header.isPresent() && !header.get().key().equals(key)) {
            errors.add(new FieldError(CanonicalInput.KEY_FIELD, IdempotencyClaim.INVALID, "the "
                    + IdempotencyClaim.HEADER + " header and " + CanonicalInput.KEY_FIELD + " differ; give one key"));
            return Optional.empty();
        }
        if (key == null) {
            key = header.map(IdempotencyClaim::key).orElse(null);
        }
        if (key == null) {
            return Optional.empty();
        }
        String problem = IdempotencyClaim.problemOf(key);
        if (problem != null) {
            errors.add(new FieldError(CanonicalInput.KEY_FIELD, IdempotencyClaim.INVALID, problem));
            return Optional.empty();
        }
        return Optional.of(new IdempotencyClaim(caller.actor().toString(), key,
                CanonicalInput.hash("submit" + input.type().name(), Map.of("input", input))));
    }
}
