package io.mdg.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.EntityType;

class AttributesTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void everyAttributeRecordRoundTripsThroughJsonWithItsType() throws Exception {
        List<MasterAttributes> samples = List.of(
                SupplierAttributes.named("Acme Medical Inc."),
                new ItemAttributes("Glove nitrile M", Ref.to("s-1"), "G-100", null, null, null, "42132203",
                        ItemClass.MED_SURG, List.of(new PackagingLevel("EA", null, null, "00012345678905"),
                        new PackagingLevel("BX", 100, "EA", null)), true, false, false, null),
                new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, "T1", LocalDate.of(2026, 1, 1),
                        LocalDate.of(2026, 12, 31), List.of(new ContractLine(Ref.to("i-1"), "BX",
                        new BigDecimal("12.50"), "USD", null, null, null))),
                new LocationAttributes("Main storeroom", LocationType.STOREROOM, Ref.to("l-1"), null, "ABCDEFG01",
                        null, "CC-100", StorageCondition.AMBIENT, ReplenishmentMethod.PAR_LEVEL));
        for (MasterAttributes sample : samples) {
            String text = json.writeValueAsString(sample);
            assertThat(text).contains("\"@type\":\"" + sample.entityType() + "\"");
            assertThat(json.readValue(text, MasterAttributes.class)).isEqualTo(sample);
        }
    }

    @Test
    void pricesCompareWithoutTrailingZeros() {
        assertThat(new ContractLine(null, "EA", new BigDecimal("12.50"), "USD", null, null, null))
                .isEqualTo(new ContractLine(null, "EA", new BigDecimal("12.5"), "USD", null, null, null));
        assertThat(new ContractLine(null, "EA", new BigDecimal("1E+2"), "USD", null, null, null).price())
                .isEqualTo(new BigDecimal("100"));
    }

    @Test
    void mergeChangedAndOnlyWorkAttributeByAttribute() {
        SupplierAttributes current = new SupplierAttributes("Acme", null, "12-3456789", null, null, null, null, null,
                null, ScreeningStatus.CLEAR);
        SupplierAttributes submitted = new SupplierAttributes("Acme", List.of("Acme Med"), "98-7654321", null, null,
                null, null, null, null, null);
        assertThat(Attributes.changed(current, submitted)).containsExactly("tradingNames", "taxId");
        SupplierAttributes merged = Attributes.merge(current, Attributes.only(submitted, List.of("tradingNames")));
        assertThat(merged.tradingNames()).containsExactly("Acme Med");
        assertThat(merged.taxId()).isEqualTo("12-3456789");
        assertThat(merged.screeningStatus()).isEqualTo(ScreeningStatus.CLEAR);
        assertThat(Attributes.values(merged)).containsOnlyKeys("legalName", "tradingNames", "taxId", "screeningStatus");
        assertThat(Attributes.names(EntityType.LOCATION)).startsWith("name", "locationType", "parent");
        assertThat(Attributes.empty(EntityType.ITEM)).isEqualTo(ItemAttributes.described(null));
        assertThatThrownBy(() -> Attributes.value(current, "nope")).hasMessageContaining("unknown attribute");
    }

    @Test
    void references() {
        var item = new ItemAttributes(null, Ref.bySource("V-1"), null, "00012345678905", UdiAgency.GS1, null, null,
                null, List.of(new PackagingLevel("EA", null, null, "00012345678905")), null, null, null, null);
        assertThat(item.references()).containsExactly(Ref.bySource("V-1"));
        assertThat(((ItemAttributes) item.resolveReferences((a, t, r) -> Ref.to("s-9"))).manufacturer()).isEqualTo(Ref.to("s-9"));
        assertThat(new BankAccount("Acme", "Bank", "021000021", "123456789", null, "USD").masked().accountNumber())
                .isEqualTo("*****6789");
    }
}
