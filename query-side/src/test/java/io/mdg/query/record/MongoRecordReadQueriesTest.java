package io.mdg.query.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.EntityType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.Ref;
import io.mdg.api.record.FindChildLocationsQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.ListRecordPageQuery;
import io.mdg.api.record.RecordFilter;
import io.mdg.query.support.ReadModels;

/** The contract on MongoDB, and the store round trips of its answers (one per page, per batch of ids). */
class MongoRecordReadQueriesTest extends RecordReadQueriesContract {

    private CountingReadStore readStore;

    @Override
    ReadModels start() {
        readStore = new CountingReadStore();
        return ReadModels.mongo(readStore.database(), readStore);
    }

    @Test
    void a_page_of_500_500_records_by_id_and_the_children_of_many_locations_each_cost_one_round_trip() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String id = String.format("i-%04d", i);
            all.add(id);
            register(id, ItemAttributes.described("Item " + i));
        }
        register("l-1", new LocationAttributes("Network", LocationType.NETWORK, null, null, null, null, null, null,
                null));
        register("l-2", new LocationAttributes("Campus", LocationType.HOSPITAL_CAMPUS, Ref.to("l-1"), null, null, null,
                null, null, null));

        readStore.resetCount();
        assertThat(queries.handle(new ListRecordPageQuery(RecordFilter.any(EntityType.ITEM), null, 500)).records())
                .hasSize(500);
        assertThat(readStore.commands()).containsExactly("find");

        readStore.resetCount();
        assertThat(queries.handle(new FindRecordsQuery(EntityType.ITEM, all.subList(50, 550)))).hasSize(500);
        assertThat(readStore.commands()).containsExactly("find");

        readStore.resetCount();
        assertThat(queries.handle(new FindChildLocationsQuery(List.of("l-1", "l-2")))).hasSize(1);
        assertThat(readStore.commands()).containsExactly("find");
    }
}
