package io.mdg.rules.record;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.rules.Violation;
import io.mdg.rules.identifier.InvalidIdentifierException;
import io.mdg.rules.identifier.UdiDi;

/** Invariants of a resulting golden record and its references (see {@link RecordRules#checkRecord}). */
final class RecordChecks {

    /** Longer parent chains are treated as broken (a guard against a lookup that loops). */
    static final int MAX_DEPTH = 64;

    private final String recordId;
    private final ReferenceLookup lookup;
    private final List<Violation> out;
    private final Map<String, Optional<RecordFacts>> found = new HashMap<>();

    RecordChecks(String recordId, ReferenceLookup lookup, List<Violation> out) {
        this.recordId = recordId;
        this.lookup = lookup;
        this.out = out;
    }

    void supplier(SupplierAttributes s, boolean isNew) {
        if (isNew) {
            Checks.required("legalName", s.legalName(), "for a new supplier", out);
        }
    }

    void item(ItemAttributes item, boolean isNew) {
        if (isNew) {
            Checks.required("description", item.description(), "for a new item", out);
            Checks.required("itemClass", item.itemClass(), "for a new item", out);
        }
        if (item.manufacturer() != null) {
            target("manufacturer", item.manufacturer(), EntityType.SUPPLIER, true);
        }
        udi(item);
        boolean implantable = Boolean.TRUE.equals(item.implantable());
        boolean implantClass = item.itemClass() == ItemClass.IMPLANT;
        if (implantClass && Boolean.FALSE.equals(item.implantable())) {
            out.add(new Violation("implantable", "IMPLANTABLE_MISMATCH",
                    "an item of class IMPLANT cannot be marked not implantable"));
        }
        if (implantable && item.mriSafety() == null) {
            out.add(new Violation("mriSafety", "IMPLANT_NEEDS_MRI_SAFETY", "an implantable device needs its MRI"
                    + " safety labelling (MR_SAFE, MR_CONDITIONAL or MR_UNSAFE); without it, it is treated as"
                    + " MR_UNSAFE"));
        }
        if ((implantable || implantClass) && (item.udiDi() == null || item.udiDi().isBlank())) {
            out.add(new Violation("udiDi", "IMPLANT_NEEDS_UDI", "an implant"
                    + (implantClass ? " (item class IMPLANT)" : " (implantable)") + " needs a UDI-DI"));
        }
    }

    private void udi(ItemAttributes item) {
        if (item.udiDi() == null || item.udiDi().isBlank()) {
            return;
        }
        if (item.udiAgency() == null) {
            out.add(new Violation("udiAgency", "UDI_AGENCY_REQUIRED",
                    "a UDI-DI needs its issuing agency (GS1, HIBCC or ICCBBA)"));
            return;
        }
        try {
            new UdiDi(item.udiAgency(), item.udiDi());
        } catch (InvalidIdentifierException e) {
            out.add(new Violation("udiDi", e.code(), "udiDi: " + e.getMessage()));
        }
    }

    void contract(ContractAttributes contract, boolean isNew) {
        if (isNew) {
            String what = "for a new contract";
            Checks.required("contractNumber", contract.contractNumber(), what, out);
            Checks.required("supplier", contract.supplier(), what, out);
            Checks.required("contractType", contract.contractType(), what, out);
            Checks.required("effectiveFrom", contract.effectiveFrom(), what, out);
            Checks.required("effectiveTo", contract.effectiveTo(), what, out);
        }
        LocalDate from = contract.effectiveFrom();
        LocalDate to = contract.effectiveTo();
        if (from != null && to != null && from.isAfter(to)) {
            out.add(new Violation("effectiveTo", "EFFECTIVE_PERIOD_INVERTED",
                    "the contract ends (" + to + ") before it starts (" + from + ")"));
        }
        if (contract.supplier() != null) {
            target("supplier", contract.supplier(), EntityType.SUPPLIER, false).ifPresent(supplier -> {
                SupplierAttributes attributes = (SupplierAttributes) supplier.attributes();
                if (attributes.screeningStatus() == ScreeningStatus.EXCLUDED) {
                    out.add(new Violation("supplier", "SUPPLIER_EXCLUDED", "supplier " + supplier.id()
                            + " is on an exclusion list and cannot be contracted"));
                }
                if (supplier.status() != LifecycleStatus.ACTIVE) {
                    out.add(new Violation("supplier", "SUPPLIER_NOT_ACTIVE", "supplier " + supplier.id() + " is "
                            + supplier.status() + "; a contract's supplier must be ACTIVE"));
                }
            });
        }
        if (contract.lines() != null) {
            lines(contract);
        }
    }

    private void lines(ContractAttributes contract) {
        List<ContractLine> lines = contract.lines();
        for (int i = 0; i < lines.size(); i++) {
            ContractLine line = lines.get(i);
            if (line == null) {
                continue;
            }
            String path = "lines[" + i + "]";
            if (line.effectiveFrom() != null && contract.effectiveFrom() != null
                    && line.effectiveFrom().isBefore(contract.effectiveFrom())) {
                out.add(new Violation(path + ".effectiveFrom", "LINE_OUTSIDE_CONTRACT", path + " starts ("
                        + line.effectiveFrom() + ") before the contract (" + contract.effectiveFrom() + ")"));
            } else if (line.effectiveFrom() != null && contract.effectiveTo() != null
                    && line.effectiveFrom().isAfter(contract.effectiveTo())) {
                out.add(new Violation(path + ".effectiveFrom", "LINE_OUTSIDE_CONTRACT", path + " starts ("
                        + line.effectiveFrom() + ") after the contract ends (" + contract.effectiveTo() + ")"));
            }
            if (line.effectiveTo() != null && contract.effectiveTo() != null
                    && line.effectiveTo().isAfter(contract.effectiveTo())) {
                out.add(new Violation(path + ".effectiveTo", "LINE_OUTSIDE_CONTRACT", path + " ends ("
                        + line.effectiveTo() + ") after the contract (" + contract.effectiveTo() + ")"));
            } else if (line.effectiveTo() != null && contract.effectiveFrom() != null
                    && line.effectiveTo().isBefore(contract.effectiveFrom())) {
                out.add(new Violation(path + ".effectiveTo", "LINE_OUTSIDE_CONTRACT", path + " ends ("
                        + line.effectiveTo() + ") before the contract starts (" + contract.effectiveFrom() + ")"));
            }
            if (line.item() != null) {
                target(path + ".item", line.item(), EntityType.ITEM, true).ifPresent(item -> {
                    if (line.unit() != null && !line.unit().isBlank()) {
                        List<PackagingLevel> packaging = ((ItemAttributes) item.attributes()).packaging();
                        boolean known = packaging != null && packaging.stream()
                                .anyMatch(level -> level != null && line.unit().equals(level.unit()));
                        if (!known) {
                            out.add(new Violation(path + ".unit", "UNIT_NOT_IN_PACKAGING", path + " is priced per "
                                    + line.unit() + ", which is not a level of item " + item.id() + "'s packaging"
                                    + (packaging == null || packaging.isEmpty() ? " (it has none)"
                                    : " (" + String.join(", ", packaging.stream().filter(Objects::nonNull)
                                    .map(PackagingLevel::unit).filter(Objects::nonNull).toList()) + ")")));
                        }
                    }
                });
            }
        }
        overlaps(contract);
    }

    /** No two prices for the same (item, tier, unit) in overlapping periods; null tier/period: the contract's. */
    private void overlaps(ContractAttributes contract) {
        List<ContractLine> lines = contract.lines();
        for (int j = 0; j < lines.size(); j++) {
            ContractLine b = lines.get(j);
            if (b == null || b.item() == null || b.unit() == null) {
                continue;
            }
            for (int i = 0; i < j; i++) {
                ContractLine a = lines.get(i);
                if (a == null || a.item() == null || a.unit() == null) {
                    continue;
                }
                if (itemKey(a.item()).equals(itemKey(b.item())) && a.unit().equals(b.unit())
                        && Objects.equals(tier(a, contract), tier(b, contract))
                        && overlap(a, b, contract)) {
                    String tier = tier(b, contract);
                    out.add(new Violation("lines[" + j + "]", "OVERLAPPING_PRICE", "lines[" + j + "] and lines[" + i
                            + "] both price item " + itemKey(b.item()) + " per " + b.unit()
                            + (tier == null ? "" : " on tier " + tier) + " in overlapping periods"));
                    break;
                }
            }
        }
    }

    private static String itemKey(Ref ref) {
        return ref.id() != null ? ref.id() : "source:" + ref.sourceId();
    }

    private static String tier(ContractLine line, ContractAttributes contract) {
        return line.tier() != null ? line.tier() : contract.tier();
    }

    private static boolean overlap(ContractLine a, ContractLine b, ContractAttributes contract) {
        LocalDate aFrom = start(a, contract);
        LocalDate aTo = end(a, contract);
        LocalDate bFrom = start(b, contract);
        LocalDate bTo = end(b, contract);
        return !aFrom.isAfter(bTo) && !bFrom.isAfter(aTo);
    }

    private static LocalDate start(ContractLine line, ContractAttributes contract) {
        LocalDate from = line.effectiveFrom() != null ? line.effectiveFrom() : contract.effectiveFrom();
        return from != null ? from : LocalDate.MIN;
    }

    private static LocalDate end(ContractLine line, ContractAttributes contract) {
        LocalDate to = line.effectiveTo() != null ? line.effectiveTo() : contract.effectiveTo();
        return to != null ? to : LocalDate.MAX;
    }

    void location(LocationAttributes location, boolean isNew) {
        if (isNew) {
            Checks.required("name", location.name(), "for a new location", out);
            Checks.required("locationType", location.locationType(), "for a new location", out);
        }
        LocationType type = location.locationType();
        Ref parent = location.parent();
        if (type == LocationType.NETWORK && parent != null) {
            out.add(new Violation("parent", "PARENT_NOT_ALLOWED", "a NETWORK is the top of the tree and has no"
                    + " parent"));
            return;
        }
        if (type != null && type != LocationType.NETWORK && parent == null) {
            out.add(new Violation("parent", "PARENT_REQUIRED", "a " + type + " needs a parent location"));
            return;
        }
        if (parent == null) {
            return;
        }
        if (parent.id() != null && parent.id().equals(recordId)) {
            out.add(new Violation("parent", "LOCATION_CYCLE", "a location cannot be its own parent"));
            return;
        }
        target("parent", parent, EntityType.LOCATION, true).ifPresent(found -> {
            LocationType parentType = ((LocationAttributes) found.attributes()).locationType();
            if (type != null && parentType != null && parentType.level() >= type.level()) {
                out.add(new Violation("parent", "PARENT_TYPE", "a " + type + " cannot be placed under a "
                        + parentType + " (" + found.id() + "); the parent must be higher in the tree"
                        + " (network > hospital campus > facility > department > storeroom / par location)"));
            }
            cycle(found);
        });
    }

    /** Walks up from the parent: the record itself must not be an ancestor, and the chain must end. */
    private void cycle(RecordFacts parent) {
        Set<String> seen = new HashSet<>();
        List<String> chain = new ArrayList<>();
        RecordFacts current = parent;
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            seen.add(current.id());
            chain.add(current.id());
            if (!(current.attributes() instanceof LocationAttributes attributes) || attributes.parent() == null
                    || attributes.parent().id() == null) {
                return;
            }
            String next = attributes.parent().id();
            if (next.equals(recordId)) {
                out.add(new Violation("parent", "LOCATION_CYCLE", "placing this location under " + parent.id()
                        + " would make it its own ancestor (" + String.join(" > ", chain) + " > " + recordId + ")"));
                return;
            }
            if (seen.contains(next)) {
                out.add(new Violation("parent", "LOCATION_CYCLE", "the locations above " + parent.id()
                        + " already form a cycle (" + String.join(" > ", chain) + " > " + next + ")"));
                return;
            }
            Optional<RecordFacts> up = find(next);
            if (up.isEmpty()) {
                return;
            }
            current = up.get();
        }
        out.add(new Violation("parent", "LOCATION_CYCLE", "the chain of parents above " + parent.id()
                + " is longer than " + MAX_DEPTH + " levels"));
    }

    /**
     * Resolves a reference and checks that it names an existing record of the expected type (and, when
     * {@code reportRetired}, one that is not retired); answers the record when it exists with the right type.
     */
    private Optional<RecordFacts> target(String field, Ref ref, EntityType expected, boolean reportRetired) {
        if (ref.id() == null || ref.id().isBlank()) {
            out.add(new Violation(field, "REFERENCE_UNRESOLVED", field + " refers to source id '"
                    + Checks.show(ref.sourceId()) + "', which is not linked to a golden " + expected + " record"));
            return Optional.empty();
        }
        Optional<RecordFacts> target = find(ref.id());
        if (target.isEmpty()) {
            out.add(new Violation(field, "REFERENCE_NOT_FOUND", field + " refers to " + ref.id()
                    + ", which is not a golden record"));
            return Optional.empty();
        }
        RecordFacts record = target.get();
        if (record.type() != expected) {
            out.add(new Violation(field, "REFERENCE_WRONG_TYPE", field + " must refer to a " + expected + ", but "
                    + ref.id() + " is a " + record.type()));
            return Optional.empty();
        }
        if (record.status() == LifecycleStatus.RETIRED && reportRetired) {
            out.add(new Violation(field, "REFERENCE_RETIRED", field + " refers to " + ref.id()
                    + ", which is RETIRED"));
        }
        return target;
    }

    private Optional<RecordFacts> find(String id) {
        return found.computeIfAbsent(id, key -> {
            Optional<RecordFacts> result = lookup.find(key);
            return result == null ? Optional.empty() : result;
        });
    }
}
