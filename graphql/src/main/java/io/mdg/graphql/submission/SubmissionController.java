package io.mdg.graphql.submission;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.graphql.data.method.annotation.SchemaMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.error.Failures;
import io.mdg.graphql.hygiene.CallerLimits;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.record.ConsistencyToken;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/** Source submissions: an adapter from GraphQL mutations to {@link Submissions}. Source clients only. */
@Controller
@Profile("edge")
public class SubmissionController {

    private final Submissions submissions;
    private final CallerLimits rateLimits;
    private final RequestSizes sizes;

    public SubmissionController(Submissions submissions, CallerLimits rateLimits, RequestSizes sizes) {
        this.submissions = submissions;
        this.rateLimits = rateLimits;
        this.sizes = sizes;
    }

    private Caller limited(Authentication authentication, int count) {
        Caller caller = Caller.from(authentication);
        rateLimits.submit(caller.actor().name(), count);
        return caller;
    }

    /** What a read of the record on any node may wait for to show this submission ({@link ConsistencyToken}). */
    @SchemaMapping(typeName = "SubmissionResult", field = "consistencyToken")
    public String consistencyToken(SubmissionResult result) {
        return ConsistencyToken.of(result);
    }

    @MutationMapping
    @PreAuthorize(Roles.SOURCE_CLIENT)
    public CompletableFuture<SubmissionResult> submitSupplier(@Argument SupplierSubmissionInput input,
                                                              Authentication authentication) {
        return submissions.submit(limited(authentication, 1), input);
    }

    @MutationMapping
    @PreAuthorize(Roles.SOURCE_CLIENT)
    public CompletableFuture<SubmissionResult> submitItem(@Argument ItemSubmissionInput input,
                                                          Authentication authentication) {
        return submissions.submit(limited(authentication, 1), input);
    }

    @MutationMapping
    @PreAuthorize(Roles.SOURCE_CLIENT)
    public CompletableFuture<SubmissionResult> submitContract(@Argument ContractSubmissionInput input,
                                                              Authentication authentication) {
        return submissions.submit(limited(authentication, 1), input);
    }

    @MutationMapping
    @PreAuthorize(Roles.SOURCE_CLIENT)
    public CompletableFuture<SubmissionResult> submitLocation(@Argument LocationSubmissionInput input,
                                                              Authentication authentication) {
        return submissions.submit(limited(authentication, 1), input);
    }

    /**
     * Sends every entry concurrently, at most {@link CallerLimits#inFlight} at a time, and answers
     * one result per entry in input order. An entry that fails (a command-side error, a timeout) gets its own
     * {@code error} and never holds up or loses the others.
     */
    @MutationMapping
    @PreAuthorize(Roles.SOURCE_CLIENT)
    public CompletableFuture<List<BatchEntryResult>> submitBatch(@Argument BatchInput input,
                                                                 Authentication authentication) {
        Caller caller = Caller.from(authentication);
        caller.requireSourceSystem();
        List<BatchInput.Entry> entries = input.entries();
        sizes.checkBatch(entries.size());
        rateLimits.submit(caller.actor().name(), entries.size());
        InFlightLimiter limiter = submissions.limiter();
        List<CompletableFuture<BatchEntryResult>> results = new ArrayList<>(entries.size());
        for (BatchInput.Entry entry : entries) {
            SubmissionInput in = entry.input();
            results.add(limiter.run(() -> submissions.submit(caller, in)).handle((result, failure) -> {
                if (failure == null) {
                    return new BatchEntryResult(entry.index(), in.type(), in.sourceId(), result, null);
                }
                MdgErrorDetails details = Failures.describe(failure, "batch entry " + entry.path());
                return new BatchEntryResult(entry.index(), in.type(), in.sourceId(),
                        details.fieldErrors().isEmpty() ? null : SubmissionResult.rejected(null, details.fieldErrors()),
                        new FieldError(entry.path(), details.code().name(), details.message()));
            }));
        }
        return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                .thenApply(done -> results.stream().map(CompletableFuture::join).toList());
    }
}
