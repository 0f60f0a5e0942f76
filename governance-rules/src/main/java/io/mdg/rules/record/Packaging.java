package io.mdg.rules.record;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mdg.api.model.PackagingLevel;
import io.mdg.rules.Violation;
import io.mdg.rules.identifier.Gtin;

/** The packaging hierarchy of an item: units, quantities, one base level, no cycles, GTINs. */
final class Packaging {

    private Packaging() {
    }

    static void check(List<PackagingLevel> levels, List<Violation> out) {
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            PackagingLevel level = levels.get(i);
            if (level != null && level.unit() != null && !firstIndex.containsKey(level.unit())) {
                firstIndex.put(level.unit(), i);
            }
        }
        int bases = 0;
        Map<String, Integer> gtins = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            String path = "packaging[" + i + "]";
            PackagingLevel level = levels.get(i);
            if (level == null) {
                out.add(new Violation(path, "REQUIRED", path + " is empty; every packaging level needs a unit"));
                continue;
            }
            String unit = level.unit();
            if (unit == null) {
                out.add(new Violation(path + ".unit", "REQUIRED", path + ".unit is required"));
            } else if (Checks.text(path + ".unit", unit, out)) {
                if (!Units.isControlled(unit)) {
                    out.add(new Violation(path + ".unit", "UNIT_UNKNOWN", path + ".unit '" + Checks.show(unit)
                            + "' is not on the controlled list of units (" + String.join(", ",
                            Units.CONTROLLED.stream().sorted().toList()) + ")"));
                }
                if (firstIndex.get(unit) != i) {
                    out.add(new Violation(path + ".unit", "DUPLICATE_UNIT", path + ".unit " + unit
                            + " is already packaging[" + firstIndex.get(unit) + "]; each unit appears once"));
                }
            }
            Integer quantity = level.quantity();
            String contains = level.containsUnit();
            if (quantity == null && contains == null) {
                bases++;
            } else if (quantity == null || contains == null) {
                String missing = quantity == null ? "quantity" : "containsUnit";
                out.add(new Violation(path + "." + missing, "PACKAGING_LEVEL_INCOMPLETE", path
                        + " needs both quantity and containsUnit (or neither, for the base unit); " + missing
                        + " is missing"));
            }
            if (quantity != null && quantity <= 0) {
                out.add(new Violation(path + ".quantity", "QUANTITY_NOT_POSITIVE",
                        path + ".quantity must be a whole number greater than 0, not " + quantity));
            }
            if (contains != null && Checks.text(path + ".containsUnit", contains, out)
                    && !contains.equals(unit) && !firstIndex.containsKey(contains)) {
                out.add(new Violation(path + ".containsUnit", "CONTAINS_UNIT_UNKNOWN", path + ".containsUnit "
                        + Checks.show(contains) + " is not a level of this item's packaging"));
            }
            if (level.gtin() != null) {
                int before = out.size();
                Checks.identifier(path + ".gtin", level.gtin(), Gtin::new, out);
                if (out.size() == before) {
                    String canonical = new Gtin(level.gtin()).value();
                    Integer other = gtins.putIfAbsent(canonical, i);
                    if (other != null) {
                        out.add(new Violation(path + ".gtin", "DUPLICATE_GTIN", path + ".gtin " + level.gtin()
                                + " is also the GTIN of packaging[" + other + "]; each level has its own GTIN"));
                    }
                }
            }
        }
        if (bases != 1) {
            out.add(new Violation("packaging", "PACKAGING_BASE", bases == 0
                    ? "packaging needs exactly one base level (a unit without quantity and containsUnit); it has none"
                    : "packaging needs exactly one base level (a unit without quantity and containsUnit); it has "
                    + bases));
        }
        cycles(levels, firstIndex, out);
    }

    private static void cycles(List<PackagingLevel> levels, Map<String, Integer> index, List<Violation> out) {
        Set<Set<String>> reported = new HashSet<>();
        for (int i = 0; i < levels.size(); i++) {
            PackagingLevel start = levels.get(i);
            if (start == null || start.unit() == null || index.get(start.unit()) != i) {
                continue;
            }
            List<String> path = new ArrayList<>();
            PackagingLevel current = start;
            while (current != null && current.containsUnit() != null) {
                path.add(current.unit());
                String next = current.containsUnit();
                int at = path.indexOf(next);
                if (at >= 0) {
                    Set<String> cycle = new LinkedHashSet<>(path.subList(at, path.size()));
                    if (reported.add(cycle)) {
                        String field = "packaging[" + index.get(next) + "].containsUnit";
                        List<String> shown = new ArrayList<>(path.subList(at, path.size()));
                        shown.add(next);
                        out.add(new Violation(field, "PACKAGING_CYCLE", "packaging units contain each other in a"
                                + " cycle: " + String.join(" contains ", shown)));
                    }
                    break;
                }
                Integer nextIndex = index.get(next);
                current = nextIndex == null ? null : levels.get(nextIndex);
            }
        }
    }
}
