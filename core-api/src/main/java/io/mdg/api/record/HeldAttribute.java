package io.mdg.api.record;

/** An attribute whose change needs approval: its group in the rules file, approvals needed, evidence needed. */
public record HeldAttribute(String attribute, String group, int approvalsRequired, boolean evidenceRequired) {
}
