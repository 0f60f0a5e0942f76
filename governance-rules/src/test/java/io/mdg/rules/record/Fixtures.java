package io.mdg.rules.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.mdg.api.model.Address;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;

/** Valid records to vary in tests. */
final class Fixtures {

    static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
    static final LocalDate DEC_31 = LocalDate.of(2026, 12, 31);

    /** EA; BX of 10 EA; CS of 4 BX, each with a valid GTIN. */
    static final List<PackagingLevel> EA_BX_CS = List.of(
            new PackagingLevel("EA", null, null, "00012345678905"),
            new PackagingLevel("BX", 10, "EA", "10012345678902"),
            new PackagingLevel("CS", 4, "BX", "30012345678906"));

    private Fixtures() {
    }

    /** Each violation as {@code field=CODE}, for compact assertions. */
    static List<String> codes(List<io.mdg.rules.Violation> violations) {
        return violations.stream().map(v -> v.field() + "=" + v.code()).toList();
    }

    static SupplierAttributes supplier(String legalName, ScreeningStatus screening) {
        return new SupplierAttributes(legalName, null, null, null, null, null, null, null, null, screening);
    }

    static SupplierAttributes supplier() {
        return supplier("Acme Medical Inc.", ScreeningStatus.CLEAR);
    }

    static ItemAttributes item(ItemClass itemClass, List<PackagingLevel> packaging) {
        return new ItemAttributes("Suture, absorbable, 3-0", null, null, null, null, null, "42312201", itemClass,
                packaging, true, false, false, null);
    }

    static ItemAttributes item() {
        return item(ItemClass.MED_SURG, EA_BX_CS);
    }

    static ItemAttributes implant(String udiDi, MriSafety mriSafety) {
        return new ItemAttributes("Hip stem", null, null, udiDi, udiDi == null ? null : UdiAgency.GS1, null,
                "42295501", ItemClass.IMPLANT, EA_BX_CS, true, false, true, mriSafety);
    }

    static ItemAttributes withPackaging(List<PackagingLevel> packaging) {
        return item(ItemClass.MED_SURG, packaging);
    }

    static ContractLine line(String itemId, String unit, String price) {
        return new ContractLine(Ref.to(itemId), unit, new BigDecimal(price), "USD", null, null, null);
    }

    static ContractLine line(String itemId, String unit, String price, String tier, LocalDate from, LocalDate to) {
        return new ContractLine(Ref.to(itemId), unit, new BigDecimal(price), "USD", tier, from, to);
    }

    static ContractAttributes contract(String supplierId, List<ContractLine> lines) {
        return new ContractAttributes("GPO-2026-001", Ref.to(supplierId), ContractType.GPO, "TIER-1", JAN_1, DEC_31,
                lines);
    }

    static LocationAttributes location(String name, LocationType type, String parentId) {
        return new LocationAttributes(name, type, parentId == null ? null : Ref.to(parentId), null, null, null,
                null, null, null);
    }

    static Address usAddress(String postalCode) {
        return new Address("1 Main Street", null, "Cambridge", "MA", postalCode, "US");
    }
}
