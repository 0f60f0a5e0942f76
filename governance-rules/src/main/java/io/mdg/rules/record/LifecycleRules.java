package io.mdg.rules.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.rules.Violation;

/**
 * Which lifecycle changes a golden record may make: RETIRED is final; no change to the same status; a supplier on an
 * exclusion list cannot be activated; a contract cannot be activated while its supplier is not ACTIVE or is
 * excluded; a supplier or item cannot be retired while an ACTIVE contract references it; a location cannot be
 * retired while an ACTIVE child location hangs under it, nor activated under a RETIRED parent. Violations are on the
 * field {@code status}.
 */
public final class LifecycleRules {

    private static final String FIELD = "status";
    private static final int SHOWN = 5;

    private LifecycleRules() {
    }

    public static List<Violation> check(RecordFacts record, LifecycleStatus target, ReferenceLookup lookup) {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(lookup, "lookup");
        List<Violation> out = new ArrayList<>();
        if (record.status() == LifecycleStatus.RETIRED) {
            out.add(new Violation(FIELD, "RECORD_RETIRED", record.type() + " " + record.id()
                    + " is RETIRED; retirement is final"));
            return out;
        }
        if (record.status() == target) {
            out.add(new Violation(FIELD, "NO_CHANGE", record.type() + " " + record.id() + " is already " + target));
            return out;
        }
        switch (record.type()) {
            case SUPPLIER -> supplier(record, target, lookup, out);
            case ITEM -> item(record, target, lookup, out);
            case CONTRACT -> contract(record, target, lookup, out);
            case LOCATION -> location(record, target, lookup, out);
            default -> throw new IllegalStateException("unknown type " + record.type());
        }
        return out;
    }

    private static void supplier(RecordFacts record, LifecycleStatus target, ReferenceLookup lookup,
                                 List<Violation> out) {
        SupplierAttributes attributes = (SupplierAttributes) record.attributes();
        if (target == LifecycleStatus.ACTIVE && attributes.screeningStatus() == ScreeningStatus.EXCLUDED) {
            out.add(new Violation(FIELD, "SUPPLIER_EXCLUDED", "supplier " + record.id()
                    + " is on an exclusion list and cannot be activated"));
        }
        if (target == LifecycleStatus.RETIRED) {
            activeContracts(record, lookup, out);
        }
    }

    private static void item(RecordFacts record, LifecycleStatus target, ReferenceLookup lookup, List<Violation> out) {
        if (target == LifecycleStatus.RETIRED) {
            activeContracts(record, lookup, out);
        }
    }

    private static void activeContracts(RecordFacts record, ReferenceLookup lookup, List<Violation> out) {
        List<String> contracts = referencing(record, lookup, EntityType.CONTRACT);
        if (!contracts.isEmpty()) {
            out.add(new Violation(FIELD, "HAS_ACTIVE_CONTRACTS", record.type() + " " + record.id()
                    + " cannot be retired while ACTIVE contracts reference it: " + shown(contracts)));
        }
    }

    private static void contract(RecordFacts record, LifecycleStatus target, ReferenceLookup lookup,
                                 List<Violation> out) {
        Ref supplierRef = ((ContractAttributes) record.attributes()).supplier();
        if (target != LifecycleStatus.ACTIVE || supplierRef == null || supplierRef.id() == null) {
            return;
        }
        Optional<RecordFacts> supplier = lookup.find(supplierRef.id());
        if (supplier.isEmpty() || supplier.get().type() != EntityType.SUPPLIER) {
            out.add(new Violation(FIELD, "REFERENCE_NOT_FOUND", "the contract's supplier " + supplierRef.id()
                    + " is not a golden supplier record"));
            return;
        }
        RecordFacts s = supplier.get();
        if (((SupplierAttributes) s.attributes()).screeningStatus() == ScreeningStatus.EXCLUDED) {
            out.add(new Violation(FIELD, "SUPPLIER_EXCLUDED", "the contract's supplier " + s.id()
                    + " is on an exclusion list"));
        }
        if (s.status() != LifecycleStatus.ACTIVE) {
            out.add(new Violation(FIELD, "SUPPLIER_NOT_ACTIVE", "the contract's supplier " + s.id() + " is "
                    + s.status()));
        }
    }

    private static void location(RecordFacts record, LifecycleStatus target, ReferenceLookup lookup,
                                 List<Violation> out) {
        if (target == LifecycleStatus.RETIRED) {
            List<String> children = lookup.referencing(record.id()).stream()
                    .filter(r -> r.type() == EntityType.LOCATION && r.status() == LifecycleStatus.ACTIVE)
                    .filter(r -> {
                        Ref parent = ((LocationAttributes) r.attributes()).parent();
                        return parent != null && record.id().equals(parent.id());
                    })
                    .map(RecordFacts::id).distinct().toList();
            if (!children.isEmpty()) {
                out.add(new Violation(FIELD, "HAS_ACTIVE_CHILDREN", "location " + record.id()
                        + " cannot be retired while ACTIVE locations hang under it: " + shown(children)));
            }
        }
        if (target == LifecycleStatus.ACTIVE) {
            Ref parent = ((LocationAttributes) record.attributes()).parent();
            if (parent != null && parent.id() != null) {
                lookup.find(parent.id()).filter(p -> p.status() == LifecycleStatus.RETIRED).ifPresent(p ->
                        out.add(new Violation(FIELD, "REFERENCE_RETIRED", "location " + record.id()
                                + " cannot be activated under RETIRED parent " + p.id())));
            }
        }
    }

    /** Ids of ACTIVE records of the type that really reference the record. */
    private static List<String> referencing(RecordFacts record, ReferenceLookup lookup, EntityType type) {
        return lookup.referencing(record.id()).stream()
                .filter(r -> r.type() == type && r.status() == LifecycleStatus.ACTIVE)
                .filter(r -> r.attributes().references().stream().anyMatch(ref -> record.id().equals(ref.id())))
                .map(RecordFacts::id)
                .distinct()
                .collect(Collectors.toList());
    }

    private static String shown(List<String> ids) {
        return ids.size() <= SHOWN ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, SHOWN)) + " and " + (ids.size() - SHOWN) + " more";
    }
}
