package io.mdg.rules.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.Identifier;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;

/** The identifiers each type keeps unique, and the attribute a refusal names for each. */
class UniqueIdentifiersTest {

    @Test
    void each_type_keeps_its_own_identifiers_unique_and_only_those_with_a_value() {
        var item = new ItemAttributes(null, Ref.bySource("V-1"), null, "00012345678905", UdiAgency.GS1, null, null,
                null, List.of(new PackagingLevel("EA", null, null, "00012345678905"),
                new PackagingLevel("BX", 10, "EA", null)), null, null, null, null);
        assertThat(UniqueIdentifiers.of(item)).containsExactly(new Identifier("GTIN", "00012345678905"),
                new Identifier("UDI_DI", "00012345678905"));
        assertThat(UniqueIdentifiers.of(new SupplierAttributes("Acme", null, "12-3456789", null, null, null, null,
                null, null, null))).containsExactly(new Identifier("TAX_ID", "12-3456789"));
        assertThat(UniqueIdentifiers.of(new LocationAttributes("Main", null, null, "0614141000012", null, null, null,
                null, null))).extracting(Identifier::kind).containsExactly("GLN");
        ContractAttributes contract = new ContractAttributes("C-1", Ref.to("s-1"), null, null, null, null, null);
        assertThat(UniqueIdentifiers.of(contract)).containsExactly(new Identifier("CONTRACT_NUMBER", "s-1/C-1"));
        assertThat(UniqueIdentifiers.of(new ContractAttributes("C-1", Ref.bySource("S-1"), null, null, null, null,
                null))).as("the supplier's golden id is not known yet").isEmpty();
        assertThat(UniqueIdentifiers.field(new Identifier("GTIN", "00012345678905"))).isEqualTo("packaging");
    }
}
