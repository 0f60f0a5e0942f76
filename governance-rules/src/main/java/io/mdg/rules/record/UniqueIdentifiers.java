package io.mdg.rules.record;

import java.util.ArrayList;
import java.util.List;

import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.Identifier;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.SupplierAttributes;

/**
 * Which identifiers must be unique among the golden records of a type (a submission carrying one that another record
 * holds is matched to that record, or refused as DUPLICATE_IDENTIFIER): a supplier's tax id and DUNS, an item's GTINs
 * (every packaging level) and UDI-DI, a location's GLN and HIN, a contract's number per supplier.
 */
public final class UniqueIdentifiers {

    private UniqueIdentifiers() {
    }

    /** The unique identifiers the attributes carry (only those with a value). */
    public static List<Identifier> of(MasterAttributes attributes) {
        List<Identifier> ids = new ArrayList<>();
        if (attributes instanceof SupplierAttributes s) {
            add(ids, "TAX_ID", s.taxId());
            add(ids, "DUNS", s.duns());
        } else if (attributes instanceof ItemAttributes i) {
            if (i.packaging() != null) {
                for (PackagingLevel level : i.packaging()) {
                    if (level != null) {
                        add(ids, "GTIN", level.gtin());
                    }
                }
            }
            add(ids, "UDI_DI", i.udiDi());
        } else if (attributes instanceof LocationAttributes l) {
            add(ids, "GLN", l.gln());
            add(ids, "HIN", l.hin());
        } else if (attributes instanceof ContractAttributes c && c.contractNumber() != null && c.supplier() != null
                && c.supplier().id() != null) {
            add(ids, "CONTRACT_NUMBER", c.supplier().id() + "/" + c.contractNumber());
        }
        return ids;
    }

    /** The attribute an identifier of this kind comes from, to name in a refusal. */
    public static String field(Identifier identifier) {
        return switch (identifier.kind()) {
            case "TAX_ID" -> "taxId";
            case "DUNS" -> "duns";
            case "GTIN" -> "packaging";
            case "UDI_DI" -> "udiDi";
            case "GLN" -> "gln";
            case "HIN" -> "hin";
            case "CONTRACT_NUMBER" -> "contractNumber";
            default -> identifier.kind();
        };
    }

    private static void add(List<Identifier> ids, String kind, String value) {
        if (value != null) {
            ids.add(new Identifier(kind, value));
        }
    }
}
