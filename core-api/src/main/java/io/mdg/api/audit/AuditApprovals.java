package io.mdg.api.audit;

import java.util.List;

/**
 * The approvals of a change request as they stood at an audit-trail entry: how many were in, how many it needs, and
 * who gave them (user names, in order). For an approval's own entry, the approval step it was for: its number
 * ({@code step}, 1: the first) and role ({@code stepRole}); null on other entries and on entries written before steps
 * existed.
 */
public record AuditApprovals(int approvals, int required, List<String> approvers, Integer step, String stepRole) {

    public AuditApprovals {
        approvers = approvers == null ? List.of() : List.copyOf(approvers);
    }

    /** Approvals that belong to no particular step. */
    public AuditApprovals(int approvals, int required, List<String> approvers) {
        this(approvals, required, approvers, null, null);
    }
}
