package io.mdg.graphql.stewardship;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.MutationMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.MergeRecordsCommand;
import io.mdg.api.record.RecordView;
import io.mdg.graphql.changerequest.ChangeRequestReader;
import io.mdg.graphql.correlation.Correlation;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.record.MasterRecordNode;
import io.mdg.graphql.record.RecordReader;
import io.mdg.graphql.security.Access;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * Steward operations on golden records: an adapter from GraphQL mutations to commands. Only a steward of the
 * record type's domain (a person) may run them; the actor is the steward from the token. After the command, the
 * record is read back through the query gateway, waiting briefly (at most {@code mdg.edge.read-after-write-wait},
 * 2 s by default) until the read model shows the change, else answering what it shows. Where the rules file asks
 * for approval of the action, the command opens a change request instead: the edge then waits until the request is
 * readable, and answers the record unchanged (the request is in its {@code changeRequests}).
 */
@Controller
@Profile("edge")
public class StewardshipController {

    static final int MAX_REASON_LENGTH = 2_000;

    private final CommandGateway commandGateway;
    private final RecordReader reader;
    private final ChangeRequestReader changeRequests;
    private final Duration timeout;
    private final Duration readAfterWriteWait;
    private final Access access;

    public StewardshipController(CommandGateway commandGateway, RecordReader reader,
                                 ChangeRequestReader changeRequests,
                                 EdgeSettings settings, Access access) {
        this.commandGateway = commandGateway;
        this.access = access;
        this.reader = reader;
        this.changeRequests = changeRequests;
        this.timeout = settings.timeout();
        this.readAfterWriteWait = settings.readAfterWriteWait();
    }

    @MutationMapping
    @PreAuthorize(Roles.STEWARDS)
    public CompletableFuture<MasterRecordNode> changeLifecycle(@Argument EntityType type, @Argument String id,
                                                               @Argument LifecycleStatus status,
                                                               @Argument String reason,
                                                               Authentication authentication) {
        Actor steward = access.requireStewardOf(Caller.from(authentication), type);
        String why = requireReason(reason);
        return sendThenRead(type, id, new ChangeLifecycleCommand(type, id, status, why, steward));
    }

    @MutationMapping
    @PreAuthorize(Roles.STEWARDS)
    public CompletableFuture<MasterRecordNode> mergeRecords(@Argument EntityType type, @Argument String survivorId,
                                                            @Argument String mergedId, @Argument String reason,
                                                            Authentication authentication) {
        Actor steward = access.requireStewardOf(Caller.from(authentication), type);
        String why = requireReason(reason);
        if (survivorId.equals(mergedId)) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a record cannot be merged into itself");
        }
        return sendThenRead(type, survivorId, new MergeRecordsCommand(type, survivorId, mergedId, why, steward));
    }

    /**
     * Sends the command, then reads {@code id} until its version is above the one before (or the wait is over); when
     * the command opened a change request instead (it answers the request's id), until the request is readable.
     */
    private CompletableFuture<MasterRecordNode> sendThenRead(EntityType type, String id, Object command) {
        var message = Correlation.command(command);
        return reader.find(type, id).thenCompose(before -> {
            long versionBefore = before.map(RecordView::version).orElse(0L);
            return commandGateway.<String>send(message)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .thenCompose(changeRequestId -> changeRequestId == null
                            ? reader.await(type, id,
                            (Optional<RecordView> now) -> now.map(v -> v.version() > versionBefore).orElse(false),
                            readAfterWriteWait)
                            : changeRequests.await(changeRequestId, Optional::isPresent, readAfterWriteWait)
                            .thenCompose(request -> reader.find(type, id)));
        }).thenApply(after -> after.map(MasterRecordNode::of).orElse(null));
    }

    private static String requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "a reason is required");
        }
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "a reason has at most " + MAX_REASON_LENGTH + " characters");
        }
        return reason.strip();
    }
}
