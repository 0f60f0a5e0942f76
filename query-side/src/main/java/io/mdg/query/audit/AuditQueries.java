package io.mdg.query.audit;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.rules.InForce;
import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;
import io.mdg.rules.access.RequestLimits;

/**
 * Answers audit-trail queries from the read model of {@link AuditProjection}; a page larger than the rules file's
 * page size ({@code limits.pageSize}) is refused.
 */
@Component
@Profile("query")
public class AuditQueries {

    private final AuditStore store;
    private final InForce<RequestLimits> limits;

    public AuditQueries(AuditStore store, InForce<RequestLimits> limits) {
        this.store = store;
        this.limits = limits;
    }

    /** A page in trail order (time, then event position), filtered; see {@link AuditTrailQuery}. */
    @QueryHandler
    public AuditPage handle(AuditTrailQuery query) {
        if (query.first() > limits.now().pageSize()) {
            throw new IllegalArgumentException("first must be between 1 and " + limits.now().pageSize() + ", was "
                    + query.first());
        }
        return store.page(query);
    }
}
