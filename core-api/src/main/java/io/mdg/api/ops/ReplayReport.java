package io.mdg.api.ops;

import java.util.List;

/** The rebuild state of the projections' processing groups. */
public record ReplayReport(List<ReplayStatusView> projections) {

    public ReplayReport {
        projections = projections == null ? List.of() : List.copyOf(projections);
    }
}
