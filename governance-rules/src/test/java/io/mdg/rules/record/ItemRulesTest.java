package io.mdg.rules.record;

import static io.mdg.rules.record.Fixtures.codes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.Ref;
import io.mdg.api.model.UdiAgency;

class ItemRulesTest {

    private final InMemoryLookup lookup = new InMemoryLookup()
            .with("sup-1", Fixtures.supplier())
            .with("loc-1", Fixtures.location("Network", io.mdg.api.model.LocationType.NETWORK, null));

    private List<String> record(ItemAttributes item) {
        return codes(RecordRules.checkRecord("item-1", item, false, lookup));
    }

    private static ItemAttributes udi(String udiDi, UdiAgency agency) {
        return new ItemAttributes(null, null, null, udiDi, agency, null, null, null, null, null, null, null, null);
    }

    private static ItemAttributes made(Ref manufacturer) {
        return new ItemAttributes(null, manufacturer, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    @Test
    void a_new_item_needs_a_description_and_an_item_class() {
        var empty = (ItemAttributes) Attributes.empty(io.mdg.api.EntityType.ITEM);

        assertThat(codes(RecordRules.checkRecord("item-1", empty, true, lookup)))
                .containsExactly("description=REQUIRED", "itemClass=REQUIRED");
        assertThat(codes(RecordRules.checkRecord("item-1", Fixtures.item(), true, lookup))).isEmpty();
    }

    @Test
    void an_existing_item_is_not_asked_for_required_attributes_again() {
        var empty = (ItemAttributes) Attributes.empty(io.mdg.api.EntityType.ITEM);

        assertThat(record(empty)).isEmpty();
    }

    @Test
    void a_udi_di_needs_its_agency() {
        assertThat(record(udi("08904000210037", null))).containsExactly("udiAgency=UDI_AGENCY_REQUIRED");
    }

    @Test
    void a_udi_di_must_be_valid_for_its_agency() {
        assertThat(record(udi("08904000210037", UdiAgency.GS1))).isEmpty();
        assertThat(record(udi("A123BJC5D6E71", UdiAgency.HIBCC))).isEmpty();
        assertThat(record(udi("A999912345", UdiAgency.ICCBBA))).isEmpty();

        assertThat(record(udi("08904000210038", UdiAgency.GS1))).containsExactly("udiDi=GTIN_CHECK_DIGIT");
        assertThat(record(udi("A123", UdiAgency.HIBCC))).containsExactly("udiDi=UDI_DI_FORMAT");
        assertThat(record(udi("A9999123456", UdiAgency.ICCBBA))).containsExactly("udiDi=UDI_DI_FORMAT");
    }

    @Test
    void an_implantable_device_needs_mri_safety() {
        assertThat(record(Fixtures.implant("08904000210037", MriSafety.MR_CONDITIONAL))).isEmpty();
        assertThat(record(Fixtures.implant("08904000210037", null)))
                .containsExactly("mriSafety=IMPLANT_NEEDS_MRI_SAFETY");
    }

    @Test
    void an_implant_needs_a_udi_di() {
        assertThat(record(Fixtures.implant(null, MriSafety.MR_SAFE))).containsExactly("udiDi=IMPLANT_NEEDS_UDI");

        var byClassOnly = new ItemAttributes("Bone screw", null, null, null, null, null, null, ItemClass.IMPLANT,
                null, null, null, null, null);
        assertThat(record(byClassOnly)).containsExactly("udiDi=IMPLANT_NEEDS_UDI");

        var byFlagOnly = new ItemAttributes("Port", null, null, null, null, null, null, ItemClass.MED_SURG,
                null, null, null, true, MriSafety.MR_CONDITIONAL);
        assertThat(record(byFlagOnly)).containsExactly("udiDi=IMPLANT_NEEDS_UDI");
    }

    @Test
    void an_implant_class_item_cannot_be_marked_not_implantable() {
        var contradictory = new ItemAttributes("Bone screw", null, null, "08904000210037", UdiAgency.GS1, null, null,
                ItemClass.IMPLANT, null, null, null, false, null);

        assertThat(record(contradictory)).containsExactly("implantable=IMPLANTABLE_MISMATCH");
    }

    @Test
    void a_non_implant_needs_neither_udi_nor_mri_safety() {
        assertThat(record(Fixtures.item())).isEmpty();
    }

    @Test
    void the_manufacturer_must_be_an_existing_supplier_not_retired() {
        lookup.with("sup-old", LifecycleStatus.RETIRED, Fixtures.supplier());
        lookup.with("sup-susp", LifecycleStatus.SUSPENDED, Fixtures.supplier());

        assertThat(record(made(Ref.to("sup-1")))).isEmpty();
        assertThat(record(made(Ref.to("sup-susp")))).isEmpty();
        assertThat(record(made(Ref.to("sup-404")))).containsExactly("manufacturer=REFERENCE_NOT_FOUND");
        assertThat(record(made(Ref.to("loc-1")))).containsExactly("manufacturer=REFERENCE_WRONG_TYPE");
        assertThat(record(made(Ref.to("sup-old")))).containsExactly("manufacturer=REFERENCE_RETIRED");
        assertThat(record(made(Ref.bySource("ERP-1")))).containsExactly("manufacturer=REFERENCE_UNRESOLVED");
    }
}
