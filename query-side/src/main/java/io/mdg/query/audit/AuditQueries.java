package io.mdg.query.audit;

import org.axonframework.queryhandling.QueryHandler;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.audit.AuditPage;
import io.mdg.api.audit.AuditTrailQuery;

/** Answers audit-trail queries from the read model of {@link AuditProjection}. */
@Component
@Profile("query")
public class AuditQueries {

    private final AuditStore store;

    public AuditQueries(AuditStore store) {
        this.store = store;
    }

    /** A page in trail order (time, then event position), filtered; see {@link AuditTrailQuery}. */
    @QueryHandler
    public AuditPage handle(AuditTrailQuery query) {
        return store.page(query);
    }
}
