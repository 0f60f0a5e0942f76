package io.mdg.rules.file;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.mdg.api.EntityType;
import io.mdg.api.SourceSystem;
import io.mdg.api.ApprovalStep;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.ItemClass;
import io.mdg.rules.access.AccessRules;
import io.mdg.rules.access.RequestLimits;
import io.mdg.rules.delegation.DelegationRules;
import io.mdg.rules.personal.PersonalDataRules;
import io.mdg.rules.policy.ApprovalSteps;
import io.mdg.rules.policy.AttributeGroup;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.policy.HeldValueChange;
import io.mdg.rules.policy.Risk;
import io.mdg.rules.policy.RulesFileException;
import io.mdg.rules.policy.StewardActions;
import io.mdg.rules.quality.CompletenessRules;
import io.mdg.rules.screening.ScreeningRules;
import io.mdg.rules.similarity.MatchingRules;

/** Reads and validates the parsed YAML tree, collecting every problem with its path. */
final class RulesFileReader {

    private static final Set<String> TOP_KEYS = Set.of("version", "entities", "approvals", "matching", "quality",
            "access", "limits", "screening", "delegation", "personalData");
    private static final Set<String> DELEGATION_KEYS = Set.of("maxDays");
    private static final Set<String> PERSONAL_DATA_KEYS = Set.of("contactRetention", "legalHolds");
    private static final Set<String> LEGAL_HOLD_KEYS = Set.of("supplier", "reason", "until");
    private static final Set<String> ENTITY_KEYS = Set.of("groups", "approverRole", "escalationRole",
            "stewardActions");
    private static final Set<String> ACTION_KEYS = Set.of("merge", "lifecycle");
    private static final Set<String> APPROVAL_KEYS = Set.of("deadline", "escalateAfter",
            "contractPriceChangeThreshold");
    private static final Set<String> GROUP_KEYS = Set.of("attributes", "owners", "risk", "approvals",
            "evidenceRequired", "heldOnCreation", "heldChanges", "steps");
    private static final Set<String> HELD_CHANGE_KEYS = Set.of("attribute", "from", "to", "approvals", "steps");
    private static final Set<String> STEP_KEYS = Set.of("role", "approvals");
    private static final Set<String> MATCHING_KEYS = Set.of("duplicateMinScore");
    private static final Set<String> QUALITY_KEYS = Set.of("requiredItemAttributes");
    private static final Set<String> ACCESS_KEYS = Set.of("readers", "bankAccountReaders", "noteReaders",
            "bankAccountConsumers");
    private static final Set<String> SCREENING_KEYS = Set.of("nameMinScore", "nameAloneMinScore", "freshDays",
            "minScreenedShare");
    private static final Set<String> LIMIT_KEYS = Set.of("batchEntries", "pageSize");
    private static final String ROLE_NAME = "[a-z][a-z0-9-]*";

    private final String origin;
    /** Where a section the file leaves out comes from (the shipped file); null: every section is required. */
    private final Supplier<RulesFile> defaults;
    private final List<String> problems = new ArrayList<>();

    RulesFileReader(String origin, Supplier<RulesFile> defaults) {
        this.origin = origin;
        this.defaults = defaults;
    }

    RulesFile read(Object document) {
        if (!(document instanceof Map<?, ?> top)) {
            throw new RulesFileException(origin, List.of(
                    "(document): must be a mapping with 'version' and 'entities'"
                            + (document == null ? ", but the file is empty" : "")));
        }
        unknownKeys(top, TOP_KEYS, "");
        String version = readVersion(top.get("version"));
        MatchingRules matching = readMatching(top.get("matching"));
        CompletenessRules completeness = readQuality(top.get("quality"));
        Map<String, Set<String>> access = readAccess(top.get("access"));
        RequestLimits limits = readLimits(top.get("limits"));
        ScreeningRules screening = readScreening(top.get("screening"));
        int delegationMaxDays = readDelegationMaxDays(top.get("delegation"));
        PersonalDataRules personalData = readPersonalData(top.get("personalData"));
        Duration deadline = readApprovals(top.get("approvals"));
        java.math.BigDecimal threshold = readThreshold(top.get("approvals"));
        Duration escalateAfter = readEscalateAfter(top.get("approvals"), deadline);
        Map<EntityType, String> approverRoles = new EnumMap<>(EntityType.class);
        Map<EntityType, String> escalationRoles = new EnumMap<>(EntityType.class);
        Map<EntityType, StewardActions> actions = new EnumMap<>(EntityType.class);
        Map<EntityType, List<AttributeGroup>> groups = new EnumMap<>(EntityType.class);
        Map<EntityType, List<HeldValueChange>> held = new EnumMap<>(EntityType.class);
        Object entities = top.get("entities");
        if (entities == null) {
            problems.add("entities: is missing");
        } else if (!(entities instanceof Map<?, ?> entityMap)) {
            problems.add("entities: must be a mapping from entity type to its groups");
        } else {
            for (Map.Entry<?, ?> entry : entityMap.entrySet()) {
                String key = String.valueOf(entry.getKey());
                String path = "entities." + key;
                EntityType type = entityType(key, path);
                if (type != null) {
                    List<HeldValueChange> typeHeld = new ArrayList<>();
                    groups.put(type, readEntity(type, entry.getValue(), path, typeHeld));
                    held.put(type, List.copyOf(typeHeld));
                    approverRoles.put(type, readApproverRole(type, entry.getValue(), path));
                    String escalationRole = readEscalationRole(entry.getValue(), path, approverRoles.get(type),
                            escalateAfter);
                    if (escalationRole != null) {
                        escalationRoles.put(type, escalationRole);
                    }
                    stepOrder(groups.get(type), typeHeld, path);
                    actions.put(type, readStewardActions(entry.getValue(), path + ".stewardActions"));
                }
            }
            for (EntityType type : EntityType.values()) {
                if (!entityMap.containsKey(type.name())) {
                    problems.add("entities." + type + ": is missing (every attribute of every type must be in a"
                            + " group; attributes: " + String.join(", ", Attributes.names(type)) + ")");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RulesFileException(origin, problems);
        }
        Map<EntityType, List<AttributeGroup>> frozen = new EnumMap<>(EntityType.class);
        groups.forEach((type, list) -> frozen.put(type, List.copyOf(list)));
        GovernancePolicy policy = new GovernancePolicy(version, origin, Collections.unmodifiableMap(frozen),
                Collections.unmodifiableMap(approverRoles), deadline, threshold,
                Collections.unmodifiableMap(actions), Collections.unmodifiableMap(held), escalateAfter,
                Collections.unmodifiableMap(escalationRoles));
        Map<EntityType, Set<String>> deciders = new EnumMap<>(EntityType.class);
        approverRoles.keySet().forEach(type -> deciders.put(type, policy.deciderRoles(type)));
        return new RulesFile(policy, matching, completeness,
                new AccessRules(approverRoles, access.get("readers"), access.get("bankAccountReaders"),
                        access.get("noteReaders"), access.get("bankAccountConsumers"), deciders), limits, screening,
                DelegationRules.of(policy, delegationMaxDays), personalData);
    }

    /** {@code delegation: { maxDays: 90 }}: the longest delegation of approvals; missing: the shipped file's. */
    private int readDelegationMaxDays(Object value) {
        if (value != null && !(value instanceof Map<?, ?>)) {
            problems.add("delegation: must be a mapping (" + String.join(", ", DELEGATION_KEYS) + ")");
        }
        Map<?, ?> delegation = value instanceof Map<?, ?> map ? map : Map.of();
        unknownKeys(delegation, DELEGATION_KEYS, "delegation.");
        Object days = delegation.get("maxDays");
        if (days == null) {
            return defaults == null ? missing("delegation.maxDays", 1) : defaults.get().delegation().maxDays();
        }
        if (!(days instanceof Integer n) || n < 1 || n > 366) {
            problems.add("delegation.maxDays: must be a whole number of days from 1 to 366, not " + describe(days));
            return 1;
        }
        return n;
    }

    /**
     * {@code personalData: { contactRetention: P2Y, legalHolds: [{supplier: ERP:V-100, reason: ..., until: 2027-06-30}] }}:
     * missing: the shipped file's (an operator's {@code legalHolds: []} has none).
     */
    private PersonalDataRules readPersonalData(Object value) {
        if (value == null) {
            return defaults == null ? PersonalDataRules.NONE : defaults.get().personalData();
        }
        if (!(value instanceof Map<?, ?> section)) {
            problems.add("personalData: must be a mapping (" + String.join(", ", PERSONAL_DATA_KEYS) + ")");
            return PersonalDataRules.NONE;
        }
        unknownKeys(section, PERSONAL_DATA_KEYS, "personalData.");
        java.time.Period retention = null;
        Object given = section.get("contactRetention");
        if (given != null) {
            try {
                retention = java.time.Period.parse(String.valueOf(given));
                if (retention.isNegative() || retention.isZero()) {
                    problems.add("personalData.contactRetention: must be a positive ISO-8601 period (e.g. P2Y), not "
                            + describe(given));
                    retention = null;
                }
            } catch (java.time.format.DateTimeParseException e) {
                problems.add("personalData.contactRetention: must be an ISO-8601 period of years, months or days"
                        + " (e.g. P2Y, P18M), not " + describe(given));
            }
        }
        List<PersonalDataRules.LegalHold> holds = new ArrayList<>();
        Object holdList = section.get("legalHolds");
        if (holdList != null && !(holdList instanceof List<?>)) {
            problems.add("personalData.legalHolds: must be a list of {supplier, reason, until}, not "
                    + describe(holdList));
        } else if (holdList != null) {
            int i = 0;
            for (Object hold : (List<?>) holdList) {
                String path = "personalData.legalHolds[" + i++ + "]";
                if (!(hold instanceof Map<?, ?> map)) {
                    problems.add(path + ": must be a mapping (supplier, reason, until)");
                    continue;
                }
                unknownKeys(map, LEGAL_HOLD_KEYS, path + ".");
                Object supplier = map.get("supplier");
                Object reason = map.get("reason");
                Object until = map.get("until");
                if (!(supplier instanceof String s) || s.isBlank()) {
                    problems.add(path + ".supplier: must be a golden record id or a source record SYSTEM:sourceId");
                    continue;
                }
                if (!(reason instanceof String r) || r.isBlank()) {
                    problems.add(path + ".reason: is missing (why the data are held)");
                    continue;
                }
                java.time.LocalDate last = null;
                if (until instanceof java.util.Date date) {
                    last = date.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
                } else if (until != null) {
                    try {
                        last = java.time.LocalDate.parse(String.valueOf(until));
                    } catch (java.time.format.DateTimeParseException e) {
                        problems.add(path + ".until: must be a date (YYYY-MM-DD), not " + describe(until));
                        continue;
                    }
                }
                holds.add(new PersonalDataRules.LegalHold(s.strip(), r.strip(), last));
            }
        }
        return new PersonalDataRules(retention, holds);
    }

    /**
     * {@code access: { readers: [...], bankAccountReaders: [...], noteReaders: [...], bankAccountConsumers: [...] }}:
     * role names (client ids for bankAccountConsumers); a list the file leaves out is the shipped file's. The stewards' roles are the entity types' approver roles.
     */
    private Map<String, Set<String>> readAccess(Object value) {
        Map<String, Set<String>> lists = new LinkedHashMap<>();
        if (value != null && !(value instanceof Map<?, ?>)) {
            problems.add("access: must be a mapping (" + String.join(", ", ACCESS_KEYS) + ")");
        }
        Map<?, ?> access = value instanceof Map<?, ?> map ? map : Map.of();
        unknownKeys(access, ACCESS_KEYS, "access.");
        for (String key : List.of("readers", "bankAccountReaders", "noteReaders", "bankAccountConsumers")) {
            String what = key.equals("bankAccountConsumers") ? "client id" : "role name";
            Object given = access.get(key);
            if (given == null) {
                lists.put(key, defaults == null ? missing("access." + key, Set.of()) : shippedAccess(key));
                continue;
            }
            Set<String> roles = new LinkedHashSet<>();
            if (!(given instanceof List<?> names)) {
                problems.add("access." + key + ": must be a list of " + what + "s, e.g. [" + (what.equals("client id")
                        ? "erp" : "auditor") + "] (or [] for none), not "
                        + describe(given));
            } else {
                for (Object name : names) {
                    if (!(name instanceof String role) || !role.matches(ROLE_NAME)) {
                        problems.add("access." + key + ": '" + name + "' is not a " + what + " (lower case letters,"
                                + " digits and dashes, e.g. " + (what.equals("client id") ? "erp" : "auditor") + ")");
                    } else {
                        roles.add(role);
                    }
                }
            }
            lists.put(key, roles);
        }
        return lists;
    }

    private Set<String> shippedAccess(String key) {
        AccessRules shipped = defaults.get().access();
        return switch (key) {
            case "readers" -> shipped.readers();
            case "bankAccountReaders" -> shipped.bankAccountReaders();
            case "bankAccountConsumers" -> shipped.bankAccountConsumers();
            default -> shipped.noteReaders();
        };
    }

    /**
     * {@code screening: { nameMinScore: 0.88, nameAloneMinScore: 0.99, freshDays: 35, minScreenedShare: 0.95 }}; a
     * value the file leaves out is the shipped file's.
     */
    private ScreeningRules readScreening(Object value) {
        if (value != null && !(value instanceof Map<?, ?>)) {
            problems.add("screening: must be a mapping (" + String.join(", ", new java.util.TreeSet<>(SCREENING_KEYS))
                    + ")");
        }
        Map<?, ?> screening = value instanceof Map<?, ?> map ? map : Map.of();
        unknownKeys(screening, SCREENING_KEYS, "screening.");
        ScreeningRules shipped = defaults == null ? null : defaults.get().screening();
        double name = share(screening.get("nameMinScore"), "nameMinScore", shipped == null ? null
                : shipped.nameMinScore(), false);
        double alone = share(screening.get("nameAloneMinScore"), "nameAloneMinScore", shipped == null ? null
                : shipped.nameAloneMinScore(), false);
        double share = share(screening.get("minScreenedShare"), "minScreenedShare", shipped == null ? null
                : shipped.minScreenedShare(), true);
        Object daysValue = screening.get("freshDays");
        int days;
        if (daysValue == null) {
            days = shipped == null ? missing("screening.freshDays", 0) : shipped.freshDays();
        } else if (!(daysValue instanceof Integer n) || n < 1 || n > 3660) {
            problems.add("screening.freshDays: must be a whole number of days from 1 to 3660, not "
                    + describe(daysValue));
            days = 0;
        } else {
            days = n;
        }
        if (name > 0 && alone > 0 && alone < name) {
            problems.add("screening.nameAloneMinScore: must be at least nameMinScore (" + name + "), not " + alone);
            return null;
        }
        return name > 0 && alone > 0 && share >= 0 && days > 0 ? new ScreeningRules(name, alone, days, share) : null;
    }

    private double share(Object value, String key, Double shipped, boolean zeroAllowed) {
        if (value == null) {
            return shipped == null ? missing("screening." + key, -1.0) : shipped;
        }
        if (!(value instanceof Number n) || n.doubleValue() > 1
                || (zeroAllowed ? n.doubleValue() < 0 : n.doubleValue() <= 0)) {
            problems.add("screening." + key + ": must be a number " + (zeroAllowed ? "from 0" : "above 0")
                    + " to 1, not " + describe(value));
            return -1;
        }
        return n.doubleValue();
    }

    /** {@code limits: { batchEntries: 1000, pageSize: 500 }}; a value the file leaves out is the shipped file's. */
    private RequestLimits readLimits(Object value) {
        if (value != null && !(value instanceof Map<?, ?>)) {
            problems.add("limits: must be a mapping (" + String.join(", ", LIMIT_KEYS) + ")");
        }
        Map<?, ?> limits = value instanceof Map<?, ?> map ? map : Map.of();
        unknownKeys(limits, LIMIT_KEYS, "limits.");
        int batch = limit(limits.get("batchEntries"), "batchEntries", RequestLimits::batchEntries);
        int page = limit(limits.get("pageSize"), "pageSize", RequestLimits::pageSize);
        return batch < 1 || page < 1 ? null : new RequestLimits(batch, page);
    }

    private int limit(Object value, String key, java.util.function.ToIntFunction<RequestLimits> shipped) {
        if (value == null) {
            return defaults == null ? missing("limits." + key, 0) : shipped.applyAsInt(defaults.get().limits());
        }
        if (!(value instanceof Integer n) || n < 1 || n > 100_000) {
            problems.add("limits." + key + ": must be a whole number from 1 to 100000, not " + describe(value));
            return 0;
        }
        return n;
    }

    /** {@code matching: { duplicateMinScore: 0.8 }}; missing: the shipped file's. */
    private MatchingRules readMatching(Object value) {
        if (value == null) {
            return defaults == null ? missing("matching", null) : defaults.get().matching();
        }
        if (!(value instanceof Map<?, ?> matching)) {
            problems.add("matching: must be a mapping (duplicateMinScore)");
            return null;
        }
        unknownKeys(matching, MATCHING_KEYS, "matching.");
        Object score = matching.get("duplicateMinScore");
        if (score == null) {
            return missing("matching.duplicateMinScore", null);
        }
        if (!(score instanceof Number number) || !(number.doubleValue() > 0 && number.doubleValue() <= 1)) {
            problems.add("matching.duplicateMinScore: must be a number above 0 and at most 1 (e.g. 0.8), not "
                    + describe(score));
            return null;
        }
        return new MatchingRules(number.doubleValue());
    }

    /**
     * {@code quality: { requiredItemAttributes: { base: [...], IMPLANT: [...], ... } }}: item attribute names (or
     * {@value CompletenessRules#PACKAGING_GTIN}) per item class; missing: the shipped file's.
     */
    private CompletenessRules readQuality(Object value) {
        if (value == null) {
            return defaults == null ? missing("quality", null) : defaults.get().completeness();
        }
        if (!(value instanceof Map<?, ?> quality)) {
            problems.add("quality: must be a mapping (requiredItemAttributes)");
            return null;
        }
        unknownKeys(quality, QUALITY_KEYS, "quality.");
        if (!(quality.get("requiredItemAttributes") instanceof Map<?, ?> required)) {
            problems.add("quality.requiredItemAttributes: must be a mapping with base and item classes ("
                    + java.util.Arrays.toString(ItemClass.values()) + ")");
            return null;
        }
        Set<String> known = new LinkedHashSet<>(Attributes.names(EntityType.ITEM));
        known.add(CompletenessRules.PACKAGING_GTIN);
        List<String> base = List.of();
        Map<ItemClass, List<String>> byClass = new EnumMap<>(ItemClass.class);
        for (Map.Entry<?, ?> entry : required.entrySet()) {
            String key = String.valueOf(entry.getKey());
            String path = "quality.requiredItemAttributes." + key;
            List<String> names = new ArrayList<>();
            if (!(entry.getValue() instanceof List<?> given)) {
                problems.add(path + ": must be a list of item attributes, e.g. [sterile, latex] (or [] for none), not "
                        + describe(entry.getValue()));
                continue;
            }
            for (Object name : given) {
                if (!known.contains(String.valueOf(name))) {
                    problems.add(path + ": unknown item attribute '" + name + "' (known: " + String.join(", ", known)
                            + ")");
                } else {
                    names.add(String.valueOf(name));
                }
            }
            if (key.equals("base")) {
                base = names;
            } else {
                try {
                    byClass.put(ItemClass.valueOf(key), names);
                } catch (IllegalArgumentException e) {
                    problems.add(path + ": unknown item class (base or one of "
                            + java.util.Arrays.toString(ItemClass.values()) + ")");
                }
            }
        }
        if (!required.containsKey("base")) {
            problems.add("quality.requiredItemAttributes.base: is missing (what every item needs)");
        }
        return new CompletenessRules(base, byClass);
    }

    private <T> T missing(String section, T none) {
        problems.add(section + ": is missing");
        return none;
    }

    /** {@code stewardActions: { merge: 1, lifecycle: { RETIRED: 1 } }}; missing: every action applied at once. */
    private StewardActions readStewardActions(Object entityValue, String path) {
        if (!(entityValue instanceof Map<?, ?> entity) || entity.get("stewardActions") == null) {
            return StewardActions.NONE;
        }
        if (!(entity.get("stewardActions") instanceof Map<?, ?> actions)) {
            problems.add(path + ": must be a mapping such as { merge: 1, lifecycle: { RETIRED: 1 } }");
            return StewardActions.NONE;
        }
        unknownKeys(actions, ACTION_KEYS, path + ".");
        int merge = actions.get("merge") == null ? 0 : approvalCount(actions.get("merge"), path + ".merge");
        Map<io.mdg.api.LifecycleStatus, Integer> lifecycle = new EnumMap<>(io.mdg.api.LifecycleStatus.class);
        Object lifecycleValue = actions.get("lifecycle");
        if (lifecycleValue != null && !(lifecycleValue instanceof Map<?, ?>)) {
            problems.add(path + ".lifecycle: must map target statuses to approvals, e.g. { RETIRED: 1 }");
        } else if (lifecycleValue instanceof Map<?, ?> targets) {
            for (Map.Entry<?, ?> target : targets.entrySet()) {
                String targetPath = path + ".lifecycle." + target.getKey();
                try {
                    lifecycle.put(io.mdg.api.LifecycleStatus.valueOf(String.valueOf(target.getKey())),
                            approvalCount(target.getValue(), targetPath));
                } catch (IllegalArgumentException e) {
                    problems.add(targetPath + ": unknown lifecycle status (known: "
                            + List.of(io.mdg.api.LifecycleStatus.values()) + ")");
                }
            }
        }
        return new StewardActions(merge, lifecycle);
    }

    private int approvalCount(Object value, String path) {
        if (!(value instanceof Integer n) || n < 0 || n > 2) {
            problems.add(path + ": must be 0 (applied at once), 1 or 2 approvals, not " + describe(value));
            return 0;
        }
        return n;
    }

    /** {@code approvals.contractPriceChangeThreshold}; missing: the shipped file's. */
    private java.math.BigDecimal readThreshold(Object value) {
        Object raw = value instanceof Map<?, ?> approvals ? approvals.get("contractPriceChangeThreshold") : null;
        if (raw == null) {
            // (approvals that are not a mapping are reported by readApprovals)
            return value == null || value instanceof Map<?, ?>
                    ? shipped("approvals.contractPriceChangeThreshold", GovernancePolicy::contractPriceChangeThreshold)
                    : null;
        }
        try {
            java.math.BigDecimal threshold = new java.math.BigDecimal(String.valueOf(raw).strip());
            if (threshold.signum() < 0 || threshold.compareTo(java.math.BigDecimal.ONE) > 0) {
                problems.add("approvals.contractPriceChangeThreshold: must be a fraction between 0 and 1 (e.g. 0.05),"
                        + " not " + raw);
            }
            return threshold;
        } catch (NumberFormatException e) {
            problems.add("approvals.contractPriceChangeThreshold: must be a number such as 0.05, not '" + raw + "'");
            return null;
        }
    }

    /** {@code approvals.deadline}; missing: the shipped file's. */
    private Duration readApprovals(Object value) {
        if (value == null) {
            return shipped("approvals.deadline", GovernancePolicy::approvalDeadline);
        }
        if (!(value instanceof Map<?, ?> approvals)) {
            problems.add("approvals: must be a mapping (e.g. approvals: { deadline: P5D })");
            return null;
        }
        unknownKeys(approvals, APPROVAL_KEYS, "approvals.");
        Object deadline = approvals.get("deadline");
        if (deadline == null) {
            return shipped("approvals.deadline", GovernancePolicy::approvalDeadline);
        }
        try {
            Duration parsed = Duration.parse(String.valueOf(deadline).strip());
            if (parsed.isNegative() || parsed.isZero()) {
                problems.add("approvals.deadline: must be positive, not " + deadline);
            }
            return parsed;
        } catch (java.time.format.DateTimeParseException e) {
            problems.add("approvals.deadline: must be an ISO-8601 duration such as P5D or PT12H, not '"
                    + deadline + "'");
            return null;
        }
    }

    /**
     * {@code approvals.escalateAfter}: how long a request may wait before it escalates (ISO-8601, positive, shorter
     * than the deadline); missing: requests never escalate (only the deadline), as before escalation existed. Not
     * taken from the shipped file: a file that leaves it out keeps the behaviour it had.
     */
    private Duration readEscalateAfter(Object value, Duration deadline) {
        Object raw = value instanceof Map<?, ?> approvals ? approvals.get("escalateAfter") : null;
        if (raw == null) {
            return null;
        }
        try {
            Duration parsed = Duration.parse(String.valueOf(raw).strip());
            if (parsed.isNegative() || parsed.isZero()) {
                problems.add("approvals.escalateAfter: must be positive, not " + raw);
            } else if (deadline != null && parsed.compareTo(deadline) >= 0) {
                problems.add("approvals.escalateAfter: must be shorter than approvals.deadline (" + deadline
                        + "), not " + raw + ": a request escalates before it expires");
            }
            return parsed;
        } catch (java.time.format.DateTimeParseException e) {
            problems.add("approvals.escalateAfter: must be an ISO-8601 duration such as P2D or PT12H, not '" + raw
                    + "'");
            return null;
        }
    }

    /**
     * {@code entities.<TYPE>.escalationRole}: the role a pending request of the type escalates to after
     * {@code approvals.escalateAfter}; missing: the type's requests never escalate.
     */
    private String readEscalationRole(Object value, String path, String approverRole, Duration escalateAfter) {
        Object role = value instanceof Map<?, ?> entity ? entity.get("escalationRole") : null;
        if (role == null) {
            return null;
        }
        if (!(role instanceof String name) || !name.strip().matches(ROLE_NAME)) {
            problems.add(path + ".escalationRole: must be a role name such as data-governance-lead, not " + role);
            return null;
        }
        if (name.strip().equals(approverRole)) {
            problems.add(path + ".escalationRole: must not be the type's approverRole (" + approverRole
                    + "): escalating to the people who have let it wait is no escalation");
            return null;
        }
        if (escalateAfter == null) {
            problems.add(path + ".escalationRole: needs approvals.escalateAfter (e.g. P2D), the time after which"
                    + " a pending request escalates");
            return null;
        }
        return name.strip();
    }

    /** A value the file leaves out: the shipped file's (the shipped file itself must state it). */
    private <T> T shipped(String path, java.util.function.Function<GovernancePolicy, T> value) {
        return defaults == null ? missing(path, null) : value.apply(defaults.get().policy());
    }

    private String readApproverRole(EntityType type, Object value, String path) {
        String fallback = type.name().toLowerCase() + "-steward";
        if (!(value instanceof Map<?, ?> entity) || entity.get("approverRole") == null) {
            return fallback;
        }
        Object role = entity.get("approverRole");
        if (!(role instanceof String name) || !name.strip().matches(ROLE_NAME)) {
            problems.add(path + ".approverRole: must be a role name such as " + fallback + ", not " + role);
            return fallback;
        }
        return name.strip();
    }

    private String readVersion(Object value) {
        if (value == null) {
            problems.add("version: is missing (e.g. version: \"2026-11-27.1\")");
            return null;
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            problems.add("version: must be a quoted string (e.g. version: \"2026-11-27.1\"), not " + describe(value));
            return null;
        }
        String version = value.toString().strip();
        if (version.isEmpty()) {
            problems.add("version: must not be blank");
        }
        return version;
    }

    private EntityType entityType(String key, String path) {
        try {
            return EntityType.valueOf(key);
        } catch (IllegalArgumentException e) {
            problems.add(path + ": unknown entity type '" + key + "' (known: " + List.of(EntityType.values()) + ")");
            return null;
        }
    }

    private List<AttributeGroup> readEntity(EntityType type, Object value, String path,
                                            List<HeldValueChange> held) {
        List<AttributeGroup> result = new ArrayList<>();
        if (!(value instanceof Map<?, ?> entity)) {
            problems.add(path + ": must be a mapping with 'groups'");
            return result;
        }
        unknownKeys(entity, ENTITY_KEYS, path + ".");
        List<String> known = Attributes.names(type);
        Map<String, String> assigned = new LinkedHashMap<>();
        Object groupsValue = entity.get("groups");
        String groupsPath = path + ".groups";
        if (!(groupsValue instanceof Map<?, ?> groupMap)) {
            problems.add(groupsPath + ": must be a mapping from group name to group");
            return result;
        }
        for (Map.Entry<?, ?> entry : groupMap.entrySet()) {
            String name = String.valueOf(entry.getKey());
            String groupPath = groupsPath + "." + name;
            if (name.isBlank()) {
                problems.add(groupPath + ": a group needs a name");
                continue;
            }
            AttributeGroup group = readGroup(type, name, entry.getValue(), groupPath, known, assigned);
            if (group != null) {
                result.add(group);
                held.addAll(readHeldChanges(group, ((Map<?, ?>) entry.getValue()).get("heldChanges"),
                        groupPath + ".heldChanges"));
            }
        }
        for (String attribute : known) {
            if (!assigned.containsKey(attribute)) {
                problems.add(groupsPath + ": attribute " + attribute + " of " + type + " is in no group");
            }
        }
        return result;
    }

    private AttributeGroup readGroup(EntityType type, String name, Object value, String path, List<String> known,
                                     Map<String, String> assigned) {
        if (!(value instanceof Map<?, ?> group)) {
            problems.add(path + ": must be a mapping with attributes, owners, risk and approvals");
            return null;
        }
        int before = problems.size();
        unknownKeys(group, GROUP_KEYS, path + ".");

        List<String> attributes = new ArrayList<>();
        List<?> attributeList = list(group.get("attributes"), path + ".attributes");
        if (attributeList != null) {
            for (int i = 0; i < attributeList.size(); i++) {
                String itemPath = path + ".attributes[" + i + "]";
                Object item = attributeList.get(i);
                String attribute = item == null ? null : item.toString();
                if (attribute == null || !known.contains(attribute)) {
                    problems.add(itemPath + ": unknown attribute '" + attribute + "' of " + type + " (known: "
                            + String.join(", ", known) + ")");
                } else if (assigned.containsKey(attribute)) {
                    problems.add(itemPath + ": attribute " + attribute + " is already in group "
                            + assigned.get(attribute) + " (an attribute belongs to exactly one group)");
                } else {
                    assigned.put(attribute, name);
                    attributes.add(attribute);
                }
            }
        }

        Set<SourceSystem> owners = EnumSet.noneOf(SourceSystem.class);
        List<?> ownerList = list(group.get("owners"), path + ".owners");
        if (ownerList != null) {
            for (int i = 0; i < ownerList.size(); i++) {
                String itemPath = path + ".owners[" + i + "]";
                String owner = String.valueOf(ownerList.get(i));
                try {
                    if (!owners.add(SourceSystem.valueOf(owner))) {
                        problems.add(itemPath + ": owner " + owner + " is listed twice");
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(itemPath + ": unknown source system '" + owner + "' (known: "
                            + List.of(SourceSystem.values()) + ")");
                }
            }
        }

        Risk risk = null;
        Object riskValue = group.get("risk");
        if (riskValue == null) {
            problems.add(path + ".risk: is missing (LOW or HIGH)");
        } else {
            try {
                risk = Risk.valueOf(riskValue.toString());
            } catch (IllegalArgumentException e) {
                problems.add(path + ".risk: must be LOW or HIGH, not '" + riskValue + "'");
            }
        }

        int approvals = 0;
        Object approvalsValue = group.get("approvals");
        List<ApprovalStep> steps = List.of();
        if (group.get("steps") != null) {
            if (approvalsValue != null) {
                problems.add(path + ": give either approvals (one step of the type's approverRole) or steps, not both");
            } else if (risk == Risk.LOW) {
                problems.add(path + ".steps: a LOW-risk group is applied without approval; only a HIGH-risk group has"
                        + " approval steps");
            } else {
                steps = readSteps(group.get("steps"), path + ".steps");
                approvals = ApprovalStep.total(steps);
            }
        } else if (approvalsValue != null && !(approvalsValue instanceof Integer)) {
            problems.add(path + ".approvals: must be a whole number, not " + describe(approvalsValue));
        } else if (risk == Risk.HIGH) {
            if (approvalsValue == null) {
                problems.add(path + ".approvals: is missing (a HIGH-risk group needs 1 or 2 approvals, or steps)");
            } else if ((Integer) approvalsValue != 1 && (Integer) approvalsValue != 2) {
                problems.add(path + ".approvals: a HIGH-risk group needs 1 or 2 approvals, not "
                        + approvalsValue);
            } else {
                approvals = (Integer) approvalsValue;
            }
        } else if (risk == Risk.LOW && approvalsValue != null && (Integer) approvalsValue != 0) {
            problems.add(path + ".approvals: a LOW-risk group is applied without approval (0 or leave it out),"
                    + " not " + approvalsValue);
        }

        boolean evidence = false;
        Object evidenceValue = group.get("evidenceRequired");
        if (evidenceValue != null) {
            if (evidenceValue instanceof Boolean b) {
                evidence = b;
            } else {
                problems.add(path + ".evidenceRequired: must be true or false, not " + describe(evidenceValue));
            }
        }

        boolean onCreation = false;
        Object onCreationValue = group.get("heldOnCreation");
        if (onCreationValue != null) {
            if (!(onCreationValue instanceof Boolean b)) {
                problems.add(path + ".heldOnCreation: must be true or false, not " + describe(onCreationValue));
            } else if (b && risk != Risk.HIGH) {
                problems.add(path + ".heldOnCreation: only a HIGH-risk group can be held on creation");
            } else {
                onCreation = b;
            }
        }

        if (problems.size() > before) {
            return null;
        }
        return new AttributeGroup(type, name, attributes, owners, risk, approvals, evidence, onCreation, steps);
    }

    /**
     * {@code heldChanges: [{ from: EXCLUDED, to: CLEAR, approvals: 1 }]} of a low-risk group ({@code attribute}
     * needed when the group has several); values of an enum attribute must be its constants' names.
     */
    private List<HeldValueChange> readHeldChanges(AttributeGroup group, Object value, String path) {
        if (value == null) {
            return List.of();
        }
        if (group.highRisk()) {
            problems.add(path + ": a HIGH-risk group holds every change already");
            return List.of();
        }
        List<?> entries = list(value, path);
        if (entries == null) {
            return List.of();
        }
        List<HeldValueChange> result = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String itemPath = path + "[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                problems.add(itemPath + ": must be a mapping such as { from: EXCLUDED, to: CLEAR, approvals: 1 }");
                continue;
            }
            int before = problems.size();
            unknownKeys(entry, HELD_CHANGE_KEYS, itemPath + ".");
            String attribute = entry.get("attribute") == null && group.attributes().size() == 1
                    ? group.attributes().get(0) : String.valueOf(entry.get("attribute"));
            if (!group.contains(attribute)) {
                problems.add(itemPath + ".attribute: must name one of the group's attributes "
                        + group.attributes() + ", not " + describe(entry.get("attribute")));
                continue;
            }
            String from = heldValue(group.type(), attribute, entry.get("from"), itemPath + ".from");
            String to = heldValue(group.type(), attribute, entry.get("to"), itemPath + ".to");
            if (from == null && to == null) {
                problems.add(itemPath + ": names no value (from, to or both)");
            }
            Object approvals = entry.get("approvals");
            List<ApprovalStep> steps = List.of();
            if (entry.get("steps") != null) {
                if (approvals != null) {
                    problems.add(itemPath + ": give either approvals (one step of the type's approverRole) or steps,"
                            + " not both");
                } else {
                    steps = readSteps(entry.get("steps"), itemPath + ".steps");
                    approvals = ApprovalStep.total(steps);
                }
            } else if (!(approvals instanceof Integer n) || n < 1 || n > 2) {
                problems.add(itemPath + ".approvals: a held change needs 1 or 2 approvals (or steps), not "
                        + describe(approvals));
            }
            if (problems.size() == before) {
                result.add(new HeldValueChange(group.name(), attribute, from, to, (Integer) approvals, steps));
            }
        }
        return result;
    }

    /**
     * {@code steps: [{ role: supplier-steward, approvals: 1 }, { role: finance-controller, approvals: 1 }]}: the
     * approval steps in order, each a role and how many different people of it approve (1 or 2); a role once.
     */
    private List<ApprovalStep> readSteps(Object value, String path) {
        List<?> entries = list(value, path);
        if (entries == null) {
            return List.of();
        }
        int before = problems.size();
        List<ApprovalStep> steps = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String stepPath = path + "[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> step)) {
                problems.add(stepPath + ": must be a mapping such as { role: finance-controller, approvals: 1 }, not "
                        + describe(entries.get(i)));
                continue;
            }
            unknownKeys(step, STEP_KEYS, stepPath + ".");
            Object role = step.get("role");
            String name = role instanceof String text ? text.strip() : null;
            if (role == null || (name != null && name.isEmpty())) {
                problems.add(stepPath + ".role: is missing (the realm role that approves the step, e.g."
                        + " finance-controller)");
                name = null;
            } else if (name == null || !name.matches(ROLE_NAME)) {
                problems.add(stepPath + ".role: must be a role name (lower case letters, digits and dashes, e.g."
                        + " finance-controller), not " + describe(role));
                name = null;
            } else if (!roles.add(name)) {
                problems.add(stepPath + ".role: " + name + " already approves an earlier step (a role is one step;"
                        + " ask for more approvals of it there)");
            }
            Object count = step.get("approvals");
            if (!(count instanceof Integer n) || n < 1 || n > 2) {
                problems.add(stepPath + ".approvals: a step needs 1 or 2 approvals (different people of its role),"
                        + " not " + describe(count));
            } else if (name != null) {
                steps.add(new ApprovalStep(name, n));
            }
        }
        return problems.size() > before ? List.of() : List.copyOf(steps);
    }

    /**
     * The step lists of one entity type (its groups' and held changes') must not order two
     * roles both ways: a request that touches several groups combines their steps ({@link ApprovalSteps}).
     */
    private void stepOrder(List<AttributeGroup> groups, List<HeldValueChange> held, String path) {
        List<List<ApprovalStep>> lists = new ArrayList<>();
        groups.forEach(g -> lists.add(g.steps()));
        held.forEach(h -> lists.add(h.steps()));
        ApprovalSteps.conflict(lists).ifPresent(conflict -> problems.add(path + ": the approval steps of its groups"
                + " order the same roles both ways, so a request touching several groups has no order ("
                + conflict.replaceFirst("^the approval steps order roles both ways: ", "") + ")"));
    }

    private String heldValue(EntityType type, String attribute, Object value, String path) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        Class<?> valueType = java.util.Arrays.stream(Attributes.recordClass(type).getRecordComponents())
                .filter(c -> c.getName().equals(attribute)).findFirst().orElseThrow().getType();
        if (valueType.isEnum() && java.util.Arrays.stream(valueType.getEnumConstants())
                .noneMatch(constant -> constant.toString().equals(text))) {
            problems.add(path + ": unknown value '" + text + "' of " + attribute + " (known: "
                    + List.of(valueType.getEnumConstants()) + ")");
            return null;
        }
        return text;
    }

    private List<?> list(Object value, String path) {
        if (value == null) {
            problems.add(path + ": is missing");
            return null;
        }
        if (!(value instanceof List<?> list)) {
            problems.add(path + ": must be a list, e.g. [A, B], not " + describe(value));
            return null;
        }
        if (list.isEmpty()) {
            problems.add(path + ": must not be empty");
            return null;
        }
        return list;
    }

    private void unknownKeys(Map<?, ?> map, Set<String> allowed, String prefix) {
        for (Object key : map.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                problems.add(prefix + key + ": unknown key (allowed: " + String.join(", ", allowed.stream().sorted()
                        .toList()) + ")");
            }
        }
    }

    private static String describe(Object value) {
        return value instanceof Map ? "a mapping" : value instanceof List ? "a list" : "'" + value + "'";
    }
}
