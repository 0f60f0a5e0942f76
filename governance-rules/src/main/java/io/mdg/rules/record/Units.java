package io.mdg.rules.record;

import java.util.Set;

/**
 * The controlled list of packaging units of measure (two-letter codes as used in healthcare ERPs and X12 documents)
 * that item packaging levels and contract prices may use. Units are stored in upper case.
 */
public final class Units {

    /**
     * Every allowed unit: EA each, BX box, CS case, PK pack, CT carton, DZ dozen, PL pallet, CA case (ERP variant),
     * BG bag, KT kit, RL roll, TB tube, VL vial, BT bottle, PR pair, ST set, TR tray, AM ampoule, JR jar, SY syringe,
     * PC piece, SH sheet, BD bundle, DR drum, PA pail, SL sleeve, CN container, DS dose, UD unit dose.
     */
    public static final Set<String> CONTROLLED = Set.of("EA", "BX", "CS", "PK", "CT", "DZ", "PL", "CA", "BG", "KT",
            "RL", "TB", "VL", "BT", "PR", "ST", "TR", "AM", "JR", "SY", "PC", "SH", "BD", "DR", "PA", "SL", "CN", "DS",
            "UD");

    private Units() {
    }

    /** Whether {@code unit} (upper case) is on the controlled list. */
    public static boolean isControlled(String unit) {
        return unit != null && CONTROLLED.contains(unit);
    }
}
