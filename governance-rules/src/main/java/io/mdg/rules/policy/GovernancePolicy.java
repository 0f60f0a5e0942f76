package io.mdg.rules.policy;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;

/**
 * The governance rules file: for every entity type, its attributes in groups, each group with the source systems
 * that own it (systems of record), its risk, the number of approvals a change needs and whether evidence is
 * required. Every attribute of every type belongs to exactly one group. The file is versioned; the version is
 * recorded with every decision taken under it.
 *
 * <pre>
 * version: "2026-11-27.1"
 * entities:
 *   SUPPLIER:
 *     groups:
 *       legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 1 }
 *       banking: { attributes: [bankAccount], owners: [ERP], risk: HIGH, approvals: 2, evidenceRequired: true }
 * </pre>
 *
 * Read by {@link io.mdg.rules.file.RulesFile}, which validates the whole file and reports every problem at once
 * ({@link RulesFileException}). Immutable.
 */
public final class GovernancePolicy {

    private final String version;
    private final String origin;
    private final Map<EntityType, List<AttributeGroup>> groups;
    private final Map<EntityType, Map<String, AttributeGroup>> byAttribute;
    private final Map<EntityType, String> approverRoles;
    private final Duration approvalDeadline;
    private final java.math.BigDecimal priceThreshold;
    private final Map<EntityType, StewardActions> stewardActions;
    private final Map<EntityType, List<HeldValueChange>> heldChanges;
    private final Duration escalateAfter;
    private final Map<EntityType, String> escalationRoles;

    /**
     * The rules as read from a rules file ({@link io.mdg.rules.file.RulesFile}): the groups of each entity type, its
     * approver role and steward actions, the values held by their change, the approval deadline and the contract price
     * threshold.
     */
    public GovernancePolicy(String version, String origin, Map<EntityType, List<AttributeGroup>> groups,
                            Map<EntityType, String> approverRoles, Duration approvalDeadline,
                            java.math.BigDecimal priceThreshold, Map<EntityType, StewardActions> stewardActions,
                            Map<EntityType, List<HeldValueChange>> heldChanges) {
        this(version, origin, groups, approverRoles, approvalDeadline, priceThreshold, stewardActions, heldChanges,
                null, Map.of());
    }

    /**
     * As above, with escalation: a request still pending {@code escalateAfter} after it was opened escalates to its
     * type's {@code escalationRoles} entry (types without one never escalate; null {@code escalateAfter}: none does).
     */
    public GovernancePolicy(String version, String origin, Map<EntityType, List<AttributeGroup>> groups,
                            Map<EntityType, String> approverRoles, Duration approvalDeadline,
                            java.math.BigDecimal priceThreshold, Map<EntityType, StewardActions> stewardActions,
                            Map<EntityType, List<HeldValueChange>> heldChanges, Duration escalateAfter,
                            Map<EntityType, String> escalationRoles) {
        this.escalateAfter = escalateAfter;
        this.escalationRoles = escalationRoles == null ? Map.of() : escalationRoles;
        this.version = version;
        this.origin = origin;
        this.groups = groups;
        this.approverRoles = approverRoles;
        this.approvalDeadline = approvalDeadline;
        this.priceThreshold = priceThreshold;
        this.stewardActions = stewardActions;
        this.heldChanges = heldChanges;
        this.byAttribute = new EnumMap<>(EntityType.class);
        groups.forEach((type, list) -> {
            Map<String, AttributeGroup> index = new LinkedHashMap<>();
            list.forEach(g -> g.attributes().forEach(a -> index.put(a, g)));
            byAttribute.put(type, Collections.unmodifiableMap(index));
        });
    }

    /** The rules file's version, as written in it. */
    public String version() {
        return version;
    }

    /** Where the rules were read from. */
    public String origin() {
        return origin;
    }

    /** The group an attribute of the type belongs to; IllegalArgumentException for an unknown attribute. */
    public AttributeGroup group(EntityType type, String attribute) {
        AttributeGroup group = byAttribute.get(type).get(attribute);
        if (group == null) {
            throw new IllegalArgumentException(type + " has no attribute " + attribute);
        }
        return group;
    }

    /** The groups of a type, in file order. */
    public List<AttributeGroup> groups(EntityType type) {
        return groups.get(type);
    }

    /** The distinct groups the named attributes of the type belong to, in file order. */
    public List<AttributeGroup> groupsOf(EntityType type, Collection<String> attributes) {
        Set<AttributeGroup> touched = new LinkedHashSet<>();
        for (String attribute : attributes) {
            touched.add(group(type, attribute));
        }
        return groups(type).stream().filter(touched::contains).toList();
    }

    /**
     * The steward role that decides change requests of the type ({@code approverRole} of the entity in the file;
     * default: {@code supplier-steward}, {@code item-steward}, {@code contract-steward}, {@code location-steward}).
     */
    public String approverRole(EntityType type) {
        return approverRoles.get(type);
    }

    /**
     * The approval steps a change of the group needs, in order: the steps the file names for it, else one step of the
     * type's approver role with the group's approvals (at least one: a LOW-risk group's change that is held all the
     * same, e.g. a steward's proposal, needs one approval of the domain's stewards).
     */
    public List<io.mdg.api.ApprovalStep> approvalSteps(AttributeGroup group) {
        return group.steps().isEmpty()
                ? List.of(new io.mdg.api.ApprovalStep(approverRole(group.type()),
                        Math.max(1, group.approvals())))
                : group.steps();
    }

    /** The approval steps a held change of a LOW-risk group ({@link #heldChange}) of the type needs, in order. */
    public List<io.mdg.api.ApprovalStep> approvalSteps(EntityType type, HeldValueChange change) {
        return change.steps().isEmpty()
                ? List.of(new io.mdg.api.ApprovalStep(approverRole(type), Math.max(1, change.approvals())))
                : change.steps();
    }

    /**
     * One step of the type's approver role with {@code approvals} approvals (at least one): a steward's record-level
     * action ({@link StewardActions}).
     */
    public List<io.mdg.api.ApprovalStep> approverSteps(EntityType type, int approvals) {
        return List.of(new io.mdg.api.ApprovalStep(approverRole(type), Math.max(1, approvals)));
    }

    /**
     * Every role that approves some step of a change of the type: its approver role and the roles its groups' and
     * held changes' steps name (e.g. {@code finance-controller} for suppliers), and its escalation role. They read the
     * type's change requests and the verification notes on them.
     */
    public Set<String> deciderRoles(EntityType type) {
        Set<String> roles = new LinkedHashSet<>();
        roles.add(approverRole(type));
        groups(type).forEach(g -> g.steps().forEach(step -> roles.add(step.role())));
        heldChanges.getOrDefault(type, List.of()).forEach(c -> c.steps().forEach(step -> roles.add(step.role())));
        escalationRole(type).ifPresent(roles::add);
        return Collections.unmodifiableSet(roles);
    }

    /**
     * The role a pending change request of the type escalates to when it is still pending after
     * {@link #escalateAfter()} ({@code entities.<TYPE>.escalationRole}); empty: the type's requests never escalate.
     * From the escalation on, that role may decide the request's current step as well (segregation of duties
     * unchanged).
     */
    public java.util.Optional<String> escalationRole(EntityType type) {
        return escalateAfter == null ? java.util.Optional.empty()
                : java.util.Optional.ofNullable(escalationRoles.get(type));
    }

    /**
     * How long after opening a pending change request escalates ({@code approvals.escalateAfter}, ISO-8601, shorter
     * than the deadline); null: requests never escalate.
     */
    public Duration escalateAfter() {
        return escalateAfter;
    }

    /** How long a change request may stay pending before it expires ({@code approvals.deadline}, ISO-8601). */
    public Duration approvalDeadline() {
        return approvalDeadline;
    }

    /**
     * The relative contract price change above which a price change needs approval
     * ({@code approvals.contractPriceChangeThreshold}, e.g. 0.05 for 5 %; default 5 %).
     */
    public java.math.BigDecimal contractPriceChangeThreshold() {
        return priceThreshold;
    }

    /** Which of a steward's record-level actions (merge, lifecycle changes) on records of the type need approval. */
    public StewardActions stewardActions(EntityType type) {
        return stewardActions.getOrDefault(type, StewardActions.NONE);
    }

    /**
     * The held change of a low-risk attribute that changing it from {@code before} to {@code after} is (a group's
     * {@code heldChanges}, e.g. screening EXCLUDED -> CLEAR), if any: such a change waits for approval like a
     * high-risk one.
     */
    public java.util.Optional<HeldValueChange> heldChange(EntityType type, String attribute, Object before,
                                                          Object after) {
        return heldChanges.getOrDefault(type, List.of()).stream()
                .filter(change -> change.attribute().equals(attribute) && change.matches(before, after))
                .findFirst();
    }

    /** The held changes of LOW-risk groups of the type ({@code heldChanges} in the file), in file order. */
    public List<HeldValueChange> heldChanges(EntityType type) {
        return heldChanges.getOrDefault(type, List.of());
    }

    /** Whether the source system is a system of record for the attribute. */
    public boolean owns(SourceSystem source, EntityType type, String attribute) {
        return group(type, attribute).owners().contains(source);
    }

    @Override
    public String toString() {
        return "GovernancePolicy[" + version + " from " + origin + "]";
    }
}
