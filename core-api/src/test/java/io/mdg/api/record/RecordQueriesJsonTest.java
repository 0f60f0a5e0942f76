package io.mdg.api.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationType;

/**
 * The read queries travel as JSON between processes (Axon's Jackson serializer behind Axon Server): each filter keeps
 * its type, and every query reads back equal.
 */
class RecordQueriesJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void read_queries_and_their_filters_round_trip_through_json() throws Exception {
        List<Object> queries = List.of(
                new ListRecordPageQuery(new SupplierFilter(LifecycleStatus.ACTIVE, "acme", "12-3456789", null, null),
                        "s-1", 50),
                new ListRecordPageQuery(new ItemFilter(null, "glove", "00012345678905", null, null, "G-1",
                        ItemClass.MED_SURG, "s-1"), null, 10),
                new CountMatchingRecordsQuery(new ContractFilter(null, "C-1", "s-1", "i-1", ContractType.GPO)),
                new CountMatchingRecordsQuery(new LocationFilter(null, null, null, "ABCDEFG01", LocationType.STOREROOM,
                        "l-1")),
                new FindRecordsQuery(EntityType.ITEM, List.of("i-1", "i-2")),
                new FindChildLocationsQuery(List.of("l-1")),
                new FindRecordAsOfQuery(EntityType.SUPPLIER, "s-1", Instant.parse("2026-03-01T00:00:00Z")));
        for (Object query : queries) {
            String text = json.writeValueAsString(query);
            assertThat(json.readValue(text, query.getClass())).as(text).isEqualTo(query);
        }
    }

    @Test
    void a_filter_with_its_status_replaced_keeps_its_other_conditions() {
        RecordFilter filter = new ItemFilter(null, "glove", null, null, null, null, ItemClass.IMPLANT, null);
        assertThat(filter.withStatus(LifecycleStatus.RETIRED))
                .isEqualTo(new ItemFilter(LifecycleStatus.RETIRED, "glove", null, null, null, null, ItemClass.IMPLANT,
                        null));
        for (EntityType type : EntityType.values()) {
            assertThat(RecordFilter.any(type).type()).isEqualTo(type);
            assertThat(RecordFilter.any(type).status()).isNull();
        }
    }
}
