package io.mdg.graphql.submission;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.graphql.data.method.annotation.Argument;
import org.springframework.graphql.data.method.annotation.QueryMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;

import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.HeldSubmissionUpdate;
import io.mdg.api.changerequest.HeldSubmissionUpdatesQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.hygiene.RequestSizes;
import io.mdg.graphql.paging.Connection;
import io.mdg.graphql.security.Caller;
import io.mdg.graphql.security.Roles;

/**
 * {@code heldSubmissionUpdates}: a source system's feed of what became of its submissions held for approval (held,
 * escalated, approved, rejected, expired, withdrawn, superseded), resumable by cursor. A source client reads its own
 * system's feed only; auditors and admins name the system.
 */
@Controller
@Profile("edge")
public class HeldSubmissionUpdateController {

    static final String READERS = "hasAnyRole('" + Roles.SOURCE_SYSTEM + "','" + Roles.AUDITOR + "','" + Roles.ADMIN
            + "')";

    private final QueryGateway queries;
    private final RequestSizes sizes;

    public HeldSubmissionUpdateController(QueryGateway queries, RequestSizes sizes) {
        this.queries = queries;
        this.sizes = sizes;
    }

    @QueryMapping
    @PreAuthorize(READERS)
    public CompletableFuture<Connection<HeldSubmissionUpdate>> heldSubmissionUpdates(@Argument SourceSystem source,
                                                                              @Argument String after,
                                                                              @Argument Integer first,
                                                                              Authentication authentication) {
        SourceSystem system = system(Caller.from(authentication), source);
        int size = sizes.pageSize(first);
        HeldSubmissionUpdatesQuery query = new HeldSubmissionUpdatesQuery(system, after == null ? null : position(after),
                size + 1);
        return queries.query(query, ResponseTypes.multipleInstancesOf(HeldSubmissionUpdate.class))
                .thenApply(found -> Connection.firstOf(found, size, o -> String.valueOf(o.position())));
    }

    /** A source client's own system (naming another is FORBIDDEN); an auditor or admin must name one. */
    private static SourceSystem system(Caller caller, SourceSystem asked) {
        if (caller.sourceSystem().isPresent()) {
            SourceSystem own = caller.sourceSystem().get();
            if (asked != null && asked != own) {
                throw new ApiException(ErrorCode.FORBIDDEN,
                        "source: a source client reads its own submissions' outcomes only (" + own + ")");
            }
            return own;
        }
        if (!caller.roles().contains(Roles.AUDITOR) && !caller.roles().contains(Roles.ADMIN)) {
            throw new ApiException(ErrorCode.FORBIDDEN, "heldSubmissionUpdates: a source client without a source system"
                    + " claim has no submissions");
        }
        if (asked == null) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "source: required for auditors and admins");
        }
        return asked;
    }

    private static long position(String after) {
        try {
            long position = Long.parseLong(after);
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED, "after: not a cursor of this feed: " + after);
    }
}
