package io.mdg.query.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.mdg.api.model.ItemClass;

/**
 * What an item of each class needs to be complete, for the data-quality report (the README has the same table).
 * Every item needs the {@link #BASE} attributes; classes add what their handling and regulation ask for:
 *
 * <table>
 *   <tr><th>Class</th><th>Required on top of the base</th><th>Why</th></tr>
 *   <tr><td>IMPLANT</td><td>udiDi, udiAgency, implantable, sterile, latex, mriSafety</td>
 *       <td>implants are tracked by UDI; MRI safety and sterility are patient-safety labelling</td></tr>
 *   <tr><td>EQUIPMENT</td><td>udiDi, udiAgency, mriSafety</td><td>devices carry a UDI; MRI rooms</td></tr>
 *   <tr><td>MED_SURG</td><td>sterile, latex</td><td>regulated supplies: sterility and latex flags</td></tr>
 *   <tr><td>LAB</td><td>sterile, latex</td><td>as MED_SURG</td></tr>
 *   <tr><td>PHARMACY</td><td>packaging.gtin</td><td>scanned at dispensing: a GTIN on some level</td></tr>
 *   <tr><td>NUTRITION</td><td>packaging.gtin</td><td>as PHARMACY</td></tr>
 *   <tr><td>OTHER, none</td><td>-</td><td>an item without a class lacks {@code itemClass}</td></tr>
 * </table>
 *
 * The base: description, manufacturer, manufacturerPartNumber, unspsc, itemClass, packaging (at least one level).
 * {@code packaging.gtin} means a GTIN on at least one packaging level.
 */
public final class RequiredItemAttributes {

    /** A GTIN on at least one packaging level. */
    public static final String PACKAGING_GTIN = "packaging.gtin";

    /** What every item needs. */
    public static final List<String> BASE = List.of("description", "manufacturer", "manufacturerPartNumber", "unspsc",
            "itemClass", "packaging");

    private static final Map<ItemClass, List<String>> EXTRA = new EnumMap<>(ItemClass.class);

    static {
        EXTRA.put(ItemClass.IMPLANT, List.of("udiDi", "udiAgency", "implantable", "sterile", "latex", "mriSafety"));
        EXTRA.put(ItemClass.EQUIPMENT, List.of("udiDi", "udiAgency", "mriSafety"));
        EXTRA.put(ItemClass.MED_SURG, List.of("sterile", "latex"));
        EXTRA.put(ItemClass.LAB, List.of("sterile", "latex"));
        EXTRA.put(ItemClass.PHARMACY, List.of(PACKAGING_GTIN));
        EXTRA.put(ItemClass.NUTRITION, List.of(PACKAGING_GTIN));
        EXTRA.put(ItemClass.OTHER, List.of());
    }

    private RequiredItemAttributes() {
    }

    /** The attributes an item of the class needs (null: an item without a class). */
    public static List<String> of(ItemClass itemClass) {
        List<String> required = new ArrayList<>(BASE);
        if (itemClass != null) {
            required.addAll(EXTRA.get(itemClass));
        }
        return Collections.unmodifiableList(required);
    }
}
