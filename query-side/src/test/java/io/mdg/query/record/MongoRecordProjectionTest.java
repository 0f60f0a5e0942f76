package io.mdg.query.record;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.bson.Document;
import org.bson.types.Decimal128;
import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.Ref;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.query.support.ReadModels;

class MongoRecordProjectionTest extends RecordProjectionContract {

    @Override
    ReadModels start() {
        return ReadModels.mongo();
    }

    @Test
    void a_contract_is_stored_with_iso_dates_exact_decimals_and_no_keys_without_values() {
        ContractAttributes contract = new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, "TIER-2",
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), List.of(
                new ContractLine(Ref.to("i-1"), "BX", new BigDecimal("12.50"), "USD", null, null, null)));
        projection.on(new RecordRegisteredEvent("c-1", EntityType.CONTRACT, erp("C-1", 1), contract, ERP_CLIENT), 0, T1);

        Document stored = models.database().getCollection("contracts").find().first();
        Document attributes = stored.get("attributes", Document.class);
        assertThat(attributes.get("effectiveFrom")).isEqualTo("2026-01-01");
        assertThat(attributes.getList("lines", Document.class).get(0).get("price"))
                .isEqualTo(new Decimal128(new BigDecimal("12.5")));
        assertThat(attributes.getList("lines", Document.class).get(0)).as("no value, no key").doesNotContainKey("tier");
        assertThat(stored.getLong("version")).isZero();
    }
}
