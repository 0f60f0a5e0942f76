package io.mdg.graphql.audit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.audit.AuditCursor;
import io.mdg.api.audit.AuditFilter;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.settings.EdgeSettings;

/**
 * Reads audit-trail pages through the query gateway with the edge's timeout. The cursor is checked here (the page
 * size by the callers, with {@link io.mdg.graphql.hygiene.RequestSizes}), so that a bad request is a VALIDATION_FAILED
 * answer and never reaches the query side.
 */
@Component
@Profile("edge")
public class AuditReader {

    private final QueryGateway queryGateway;
    private final Duration timeout;

    public AuditReader(QueryGateway queryGateway, EdgeSettings settings) {
        this.queryGateway = queryGateway;
        this.timeout = settings.timeout();
    }

    public CompletableFuture<AuditPage> page(AuditFilter filter, String after, int first) {
        return queryGateway.query(query(filter, after, first), ResponseTypes.instanceOf(AuditPage.class))
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static AuditTrailQuery query(AuditFilter filter, String after, int first) {
        if (after != null) {
            try {
                AuditCursor.decode(after);
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.VALIDATION_FAILED,
                        "after must be the cursor of an audit-trail entry (an edge's cursor or pageInfo.endCursor)");
            }
        }
        return new AuditTrailQuery(filter, after, first);
    }
}
