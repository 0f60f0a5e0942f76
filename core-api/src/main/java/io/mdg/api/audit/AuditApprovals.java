package io.mdg.api.audit;

import java.util.List;

/**
 * The approvals of a change request as they stood at an audit-trail entry: how many were in, how many it needs, and
 * who gave them (user names, in order).
 */
public record AuditApprovals(int approvals, int required, List<String> approvers) {

    public AuditApprovals {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }
}
