package io.mdg.api.changerequest;

import java.util.List;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.delegation.ApprovalDelegation;

/**
 * Change requests, newest first, filtered by any of: status, domain (entity type), requester name, record, and
 * "awaiting the decision of" a steward ({@code decider} with their {@code deciderRoles}: pending, of a domain whose
 * approver role they hold, not requested by them and not yet approved by them). {@code delegations}: the delegations
 * in force for the decider; a request awaits their decision as well when its current step's role is one delegated to
 * them and neither they nor the delegator requested or approved it. Page: after the request with id
 * {@code afterId}, at most {@code limit} (and at most the rules file's {@code limits.pageSize}). Answers
 * {@code List<ChangeRequestView>}.
 */
public record ListChangeRequestsQuery(ChangeRequestStatus status, EntityType domain, String requestedBy,
                                      String recordId, String decider, Set<String> deciderRoles, String afterId,
                                      int limit, List<ApprovalDelegation> delegations) {

    public ListChangeRequestsQuery {
        delegations = delegations == null ? List.of() : List.copyOf(delegations);
    }

    /** Without delegations. */
    public ListChangeRequestsQuery(ChangeRequestStatus status, EntityType domain, String requestedBy, String recordId,
                                   String decider, Set<String> deciderRoles, String afterId, int limit) {
        this(status, domain, requestedBy, recordId, decider, deciderRoles, afterId, limit, null);
    }

    /** The same query with another limit. */
    public ListChangeRequestsQuery withLimit(int limit) {
        return new ListChangeRequestsQuery(status, domain, requestedBy, recordId, decider, deciderRoles, afterId, limit,
                delegations);
    }
}
