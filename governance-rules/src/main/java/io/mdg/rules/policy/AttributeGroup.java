package io.mdg.rules.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;

/**
 * Attributes of one entity type that are owned and approved together.
 *
 * @param type             the entity type
 * @param name             the group's name in the rules file (e.g. {@code banking})
 * @param attributes       the attribute names (record component names of the type's attribute record)
 * @param owners           the source systems that are system of record for these attributes
 * @param risk             LOW: applied directly; HIGH: held for approval
 * @param approvals        how many people other than the requester must approve in all (0 for LOW; for HIGH, 1 or 2
 *                         of the type's approver role, or the total of {@code steps})
 * @param evidenceRequired whether the change must carry verification evidence (e.g. a call-back note)
 * @param heldOnCreation   a HIGH-risk group's values in a new record's first submission are held for approval too
 *                         (the record is created without them), e.g. a new supplier's bank account
 * @param steps            the approval steps of a HIGH-risk group that names them ({@code steps:} in the file), in
 *                         order; empty: one step of the type's approver role with {@code approvals} approvals (see
 *                         {@link GovernancePolicy#approvalSteps(AttributeGroup)})
 */
public record AttributeGroup(EntityType type, String name, List<String> attributes, Set<SourceSystem> owners,
                             Risk risk, int approvals, boolean evidenceRequired, boolean heldOnCreation,
                             List<io.mdg.api.ApprovalStep> steps) {

    /** A group approved in one step of the type's approver role. */
    public AttributeGroup(EntityType type, String name, List<String> attributes, Set<SourceSystem> owners,
                          Risk risk, int approvals, boolean evidenceRequired, boolean heldOnCreation) {
        this(type, name, attributes, owners, risk, approvals, evidenceRequired, heldOnCreation, List.of());
    }

    /** A group whose values a new record takes at once. */
    public AttributeGroup(EntityType type, String name, List<String> attributes, Set<SourceSystem> owners,
                          Risk risk, int approvals, boolean evidenceRequired) {
        this(type, name, attributes, owners, risk, approvals, evidenceRequired, false);
    }

    public AttributeGroup {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(risk, "risk");
        attributes = List.copyOf(attributes);
        steps = steps == null ? List.of() : List.copyOf(steps);
        owners = owners.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(owners));
    }

    /** Whether changes to this group are held for approval. */
    public boolean highRisk() {
        return risk == Risk.HIGH;
    }

    /** Whether {@code attribute} belongs to this group. */
    public boolean contains(String attribute) {
        return attributes.contains(attribute);
    }
}
