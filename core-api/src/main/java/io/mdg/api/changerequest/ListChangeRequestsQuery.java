package io.mdg.api.changerequest;

import java.util.Set;

import io.mdg.api.EntityType;

/**
 * Change requests, newest first, filtered by any of: status, domain (entity type), requester name, record, and
 * "awaiting the decision of" a steward ({@code decider} with their {@code deciderRoles}: pending, of a domain whose
 * approver role they hold, not requested by them and not yet approved by them). Page: after the request with id
 * {@code afterId}, at most {@code limit} (and at most the rules file's {@code limits.pageSize}). Answers
 * {@code List<ChangeRequestView>}.
 */
public record ListChangeRequestsQuery(ChangeRequestStatus status, EntityType domain, String requestedBy,
                                      String recordId, String decider, Set<String> deciderRoles, String afterId,
                                      int limit) {
}
