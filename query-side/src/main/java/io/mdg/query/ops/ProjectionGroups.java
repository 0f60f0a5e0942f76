package io.mdg.query.ops;

import java.util.List;

import io.mdg.query.GoldenRecordsProcessing;
import io.mdg.query.audit.AuditTrailProcessing;

/**
 * The processing groups of the query side's projections: the ones with a dead-letter queue, that an operator may
 * replay, and whose progress is measured. Other processors of the product (the command side's lookup tables and
 * expiry relay) are subscribing, not projections: never reset them.
 */
public final class ProjectionGroups {

    public static final List<String> ALL = List.of(GoldenRecordsProcessing.GROUP, AuditTrailProcessing.GROUP);

    private ProjectionGroups() {
    }

    /** The groups a request names: the one given (which must be a projection's), or all when null. */
    public static List<String> resolve(String group) {
        if (group == null || group.isBlank()) {
            return ALL;
        }
        if (!ALL.contains(group)) {
            throw new IllegalArgumentException("unknown processing group '" + group + "'; projections: " + ALL);
        }
        return List.of(group);
    }
}
