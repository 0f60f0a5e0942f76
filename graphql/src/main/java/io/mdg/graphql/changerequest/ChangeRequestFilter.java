package io.mdg.graphql.changerequest;

import io.mdg.api.EntityType;
import io.mdg.api.changerequest.ChangeRequestStatus;

/** The GraphQL input {@code ChangeRequestFilter}. */
public record ChangeRequestFilter(ChangeRequestStatus status, EntityType domain, String requestedBy, String recordId,
                                  Boolean awaitingMyDecision) {
}
