package io.mdg.query.support;

import java.time.Instant;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;

/** Shared fixtures of the projection tests. */
public final class Events {

    public static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    public static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");
    public static final Instant T3 = Instant.parse("2026-03-03T10:00:00Z");
    public static final Instant T4 = Instant.parse("2026-03-04T10:00:00Z");
    public static final Actor ERP_CLIENT = Actor.client("erp");
    public static final Actor STEWARD = Actor.user("sam.supplier");

    private Events() {
    }

    public static SourceRef erp(String sourceId, long version) {
        return new SourceRef(SourceSystem.ERP, sourceId, version);
    }

    public static SourceRef portal(String sourceId, long version) {
        return new SourceRef(SourceSystem.SUPPLIER_PORTAL, sourceId, version);
    }
}
