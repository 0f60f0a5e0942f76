package io.mdg.graphql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.Address;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.Contact;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ReplenishmentMethod;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.StorageCondition;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.PendingChangeView;
import io.mdg.api.record.RecordView;
import io.mdg.api.xref.SourceRefView;

/** Golden records as the query side would answer them. */
public final class Fixtures {

    public static final Instant T1 = Instant.parse("2026-03-01T10:00:00Z");
    public static final Instant T2 = Instant.parse("2026-03-02T10:00:00Z");
    public static final Address BOSTON = new Address("1 Main St", null, "Boston", "MA", "02139", "US");
    public static final BankAccount ACME_BANK = new BankAccount("Acme Medical Inc.", "First Bank", "021000021",
            "123456789", "DE89370400440532013000", "USD");
    public static final SupplierAttributes ACME = new SupplierAttributes("Acme Medical Inc.", List.of("Acme Med"),
            "12-3456789", "123456789", "8904000210037", BOSTON, BOSTON, ACME_BANK,
            List.of(new Contact("Ann", "sales", "ann@acme.test", "+1 555 0100")), ScreeningStatus.CLEAR);

    private Fixtures() {
    }

    public static RecordView record(String id, long version, MasterAttributes attributes) {
        return new RecordView(id, attributes.entityType(), version, LifecycleStatus.ACTIVE, T1, T1, attributes,
                List.of(new SourceRefView(SourceSystem.ERP, "X-" + id, 7L, T1)),
                List.of(new AttributeLineage(firstAttribute(attributes.entityType()), SourceSystem.ERP, "X-" + id, T1)),
                List.of(), null);
    }

    public static RecordView acme() {
        return new RecordView("s-1", EntityType.SUPPLIER, 3, LifecycleStatus.ACTIVE, T1, T2, ACME,
                List.of(new SourceRefView(SourceSystem.ERP, "V-1001", 7L, T1)),
                List.of(new AttributeLineage("legalName", SourceSystem.ERP, "V-1001", T1)),
                List.of(new PendingChangeView(List.of("bankAccount"), SourceSystem.SUPPLIER_PORTAL, "P-1", T2, 2)),
                null);
    }

    public static ItemAttributes glove(String manufacturerId) {
        return new ItemAttributes("Glove nitrile M", Ref.to(manufacturerId), "G-100", null, null, null, "42132203",
                ItemClass.MED_SURG, List.of(new PackagingLevel("EA", null, null, "00012345678905"),
                new PackagingLevel("BX", 100, "EA", null), new PackagingLevel("CS", 10, "BX", null),
                new PackagingLevel("PL", 2, "XX", null)), true, false, false, MriSafety.MR_SAFE);
    }

    public static ContractAttributes contract(String supplierId, String itemId) {
        return new ContractAttributes("C-1", Ref.to(supplierId), ContractType.GPO, "TIER-2", LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), List.of(new ContractLine(Ref.to(itemId), "BX", new BigDecimal("12.50"),
                "USD", null, null, null), new ContractLine(Ref.to(itemId), "CS",
                new BigDecimal("118.123456789012345678"), "USD", "TIER-1", LocalDate.of(2026, 2, 1), null)));
    }

    public static LocationAttributes location(String name, LocationType type, String parentId) {
        return new LocationAttributes(name, type, parentId == null ? null : Ref.to(parentId), null,
                type == LocationType.STOREROOM ? "ABCDEFG01" : null, BOSTON, "CC-100", StorageCondition.AMBIENT,
                ReplenishmentMethod.PAR_LEVEL);
    }

    private static String firstAttribute(EntityType type) {
        return io.mdg.api.model.Attributes.names(type).get(0);
    }
}
