package io.mdg.query.record;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.STEWARD;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.rules.InForce;
import io.mdg.query.support.ReadModels;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.record.ContractFilter;
import io.mdg.api.record.CountMatchingRecordsQuery;
import io.mdg.api.record.FindChildLocationsQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.ItemFilter;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.ListRecordPageQuery;
import io.mdg.api.record.LocationFilter;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SupplierFilter;
import io.mdg.rules.file.RulesFile;

/**
 * Pages by filter with cursors, counts, many records by id and children: the contract every adapter of the
 * {@link RecordReadModel} passes ({@link MemoryRecordReadQueriesTest}, {@link MongoRecordReadQueriesTest}).
 */
abstract class RecordReadQueriesContract {

    private ReadModels models;
    private RecordProjection projection;
    RecordQueries queries;

    /** The read models under test. */
    abstract ReadModels start();

    @BeforeEach
    void startModels() {
        models = start();
        projection = new RecordProjection(models.records(), List.of(), List.of());
        queries = new RecordQueries(models.records(), InForce.always(RulesFile.loadDefault().limits()));
    }

    @AfterEach
    void stop() {
        models.close();
    }

    void register(String id, MasterAttributes attributes) {
        projection.on(new RecordRegisteredEvent(id, attributes.entityType(), erp("X-" + id, 1), attributes, ERP_CLIENT),
                0, T1);
    }

    private void suspend(String id, EntityType type) {
        projection.on(new LifecycleChangedEvent(id, type, LifecycleStatus.ACTIVE, LifecycleStatus.SUSPENDED, "test",
                STEWARD), 1, T2);
    }

    private List<String> ids(RecordFilter filter) {
        RecordPageView page = queries.handle(new ListRecordPageQuery(filter, null, 500));
        assertThat(queries.handle(new CountMatchingRecordsQuery(filter))).isEqualTo(page.records().size());
        return page.records().stream().map(RecordView::id).toList();
    }

    private static SupplierAttributes supplier(String name, List<String> tradingNames, String taxId, String duns,
                                               String gln) {
        return new SupplierAttributes(name, tradingNames, taxId, duns, gln, null, null, null, null, null);
    }

    private static ItemAttributes item(String description, String manufacturer, String part, String gtin, String udi,
                                       UdiAgency agency, String hibc, ItemClass itemClass) {
        return new ItemAttributes(description, manufacturer == null ? null : Ref.to(manufacturer), part, udi, agency,
                hibc, null, itemClass, gtin == null ? null : List.of(new PackagingLevel("EA", null, null, null),
                new PackagingLevel("BX", 10, "EA", gtin)), null, null, null, null);
    }

    private static ContractAttributes contract(String number, String supplier, ContractType type, String... items) {
        List<ContractLine> lines = new ArrayList<>();
        for (String item : items) {
            lines.add(new ContractLine(Ref.to(item), "EA", new BigDecimal("1.00"), "USD", null, null, null));
        }
        return new ContractAttributes(number, Ref.to(supplier), type, "TIER-1", LocalDate.of(2026, 1, 1),
                LocalDate.of(2026, 12, 31), lines);
    }

    private static LocationAttributes location(String name, LocationType type, String parent, String gln, String hin) {
        return new LocationAttributes(name, type, parent == null ? null : Ref.to(parent), gln, hin, null, null, null,
                null);
    }

    @Test
    void suppliers_are_filtered_by_status_text_on_names_and_identifiers_in_their_stored_form() {
        register("s-1", supplier("Acme Medical Inc.", List.of("Acme Med"), "12-3456789", "123456789", "8904000210037"));
        register("s-2", supplier("Baxter Healthcare", List.of("ACME Surgical (East)"), "98-7654321", "987654321", null));
        register("s-3", supplier("Cardinal Health", null, null, null, null));
        suspend("s-3", EntityType.SUPPLIER);

        assertThat(ids(new SupplierFilter(null, null, null, null, null))).containsExactly("s-1", "s-2", "s-3");
        assertThat(ids(new SupplierFilter(LifecycleStatus.SUSPENDED, null, null, null, null))).containsExactly("s-3");
        assertThat(ids(new SupplierFilter(null, "acme", null, null, null))).containsExactly("s-1", "s-2");
        assertThat(ids(new SupplierFilter(null, "  MEDICAL ", null, null, null))).containsExactly("s-1");
        assertThat(ids(new SupplierFilter(null, "surgical (east", null, null, null))).as("pattern syntax is text")
                .containsExactly("s-2");
        assertThat(ids(new SupplierFilter(null, ".*", null, null, null))).isEmpty();
        assertThat(ids(new SupplierFilter(null, null, "123456789", null, null))).as("tax id without its dash")
                .containsExactly("s-1");
        assertThat(ids(new SupplierFilter(null, null, null, "98-765-4321", null))).as("DUNS with dashes")
                .containsExactly("s-2");
        assertThat(ids(new SupplierFilter(null, null, null, null, "8904000210037"))).containsExactly("s-1");
        assertThat(ids(new SupplierFilter(LifecycleStatus.ACTIVE, "cardinal", null, null, null))).isEmpty();
        assertThatThrownBy(() -> ids(new SupplierFilter(null, "x".repeat(201), null, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void items_are_filtered_by_any_gtin_udi_hibc_part_number_class_manufacturer_and_description() {
        register("i-1", item("Glove nitrile M", "s-1", "G-100", "00012345678905", "00012345678905", UdiAgency.GS1,
                null, ItemClass.MED_SURG));
        register("i-2", item("Hip implant", "s-2", "H-7", null, "H123ABC45", UdiAgency.HIBCC, "+A123BJC5D6E71G",
                ItemClass.IMPLANT));
        register("i-3", item("Glove latex L", "s-1", "G-101", null, null, null, null, ItemClass.MED_SURG));

        assertThat(ids(new ItemFilter(null, "GLOVE", null, null, null, null, null, null))).containsExactly("i-1", "i-3");
        assertThat(ids(new ItemFilter(null, null, "012345678905", null, null, null, null, null)))
                .as("a GTIN-12 matches its stored 14-digit form at any packaging level").containsExactly("i-1");
        assertThat(ids(new ItemFilter(null, null, null, "012345678905", null, null, null, null))).containsExactly("i-1");
        assertThat(ids(new ItemFilter(null, null, null, "h123abc45", null, null, null, null))).containsExactly("i-2");
        assertThat(ids(new ItemFilter(null, null, null, null, "+a123bjc5d6e71g", null, null, null)))
                .containsExactly("i-2");
        assertThat(ids(new ItemFilter(null, null, null, null, null, "G-101", null, null))).containsExactly("i-3");
        assertThat(ids(new ItemFilter(null, null, null, null, null, null, ItemClass.IMPLANT, null)))
                .containsExactly("i-2");
        assertThat(ids(new ItemFilter(null, null, null, null, null, null, ItemClass.MED_SURG, "s-1")))
                .containsExactly("i-1", "i-3");
        assertThat(ids(new ItemFilter(null, null, null, null, null, null, null, "s-9"))).isEmpty();
    }

    @Test
    void contracts_are_filtered_by_number_supplier_item_and_type() {
        register("c-1", contract("GPO-1", "s-1", ContractType.GPO, "i-1", "i-2"));
        register("c-2", contract("L-1", "s-1", ContractType.LOCAL, "i-3"));
        register("c-3", contract("GPO-1", "s-2", ContractType.GPO, "i-2"));

        assertThat(ids(new ContractFilter(null, "GPO-1", null, null, null))).containsExactly("c-1", "c-3");
        assertThat(ids(new ContractFilter(null, null, "s-1", null, null))).containsExactly("c-1", "c-2");
        assertThat(ids(new ContractFilter(null, null, null, "i-2", null))).containsExactly("c-1", "c-3");
        assertThat(ids(new ContractFilter(null, null, "s-1", null, ContractType.LOCAL))).containsExactly("c-2");
    }

    @Test
    void locations_are_filtered_by_type_parent_gln_hin_and_name_and_children_come_in_one_query() {
        register("l-1", location("Network", LocationType.NETWORK, null, null, null));
        register("l-2", location("General Hospital", LocationType.HOSPITAL_CAMPUS, "l-1", "8904000210037", "ABCDEFG00"));
        register("l-3", location("Main storeroom", LocationType.STOREROOM, "l-2", null, "ABCDEFG01"));
        register("l-4", location("OR storeroom", LocationType.STOREROOM, "l-2", null, null));
        register("l-5", location("Childrens Hospital", LocationType.HOSPITAL_CAMPUS, "l-1", null, null));

        assertThat(ids(new LocationFilter(null, null, null, null, LocationType.STOREROOM, null)))
                .containsExactly("l-3", "l-4");
        assertThat(ids(new LocationFilter(null, null, null, null, null, "l-2"))).containsExactly("l-3", "l-4");
        assertThat(ids(new LocationFilter(null, "hospital", null, null, null, "l-1"))).containsExactly("l-2", "l-5");
        assertThat(ids(new LocationFilter(null, null, "8904000210037", null, null, null))).containsExactly("l-2");
        assertThat(ids(new LocationFilter(null, null, null, "abcdefg01", null, null))).containsExactly("l-3");

        List<RecordView> children = queries.handle(new FindChildLocationsQuery(List.of("l-1", "l-2", "l-3")));
        assertThat(children).extracting(RecordView::id).containsExactly("l-2", "l-3", "l-4", "l-5");
    }

    @Test
    void pages_follow_the_cursor_in_id_order_and_say_whether_more_follow() {
        IntStream.rangeClosed(1, 7).forEach(i -> register("s-" + i, supplier("Supplier " + i, null, null, null, null)));
        suspend("s-4", EntityType.SUPPLIER);
        RecordFilter active = new SupplierFilter(LifecycleStatus.ACTIVE, null, null, null, null);

        RecordPageView first = queries.handle(new ListRecordPageQuery(active, null, 3));
        assertThat(first.records()).extracting(RecordView::id).containsExactly("s-1", "s-2", "s-3");
        assertThat(first.hasNextPage()).isTrue();
        RecordPageView second = queries.handle(new ListRecordPageQuery(active, "s-3", 3));
        assertThat(second.records()).extracting(RecordView::id).containsExactly("s-5", "s-6", "s-7");
        assertThat(second.hasNextPage()).as("exactly full, nothing after").isFalse();
        RecordPageView after = queries.handle(new ListRecordPageQuery(active, "s-7", 3));
        assertThat(after.records()).isEmpty();
        assertThat(after.hasNextPage()).isFalse();
        assertThat(queries.handle(new ListRecordPageQuery(active, "s-0", 500)).records()).hasSize(6);
        assertThat(queries.handle(new CountMatchingRecordsQuery(active))).isEqualTo(6);
    }

    @Test
    void a_page_holds_at_most_500_records_and_many_records_come_by_id_at_once() {
        List<String> all = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String id = String.format("i-%04d", i);
            all.add(id);
            register(id, ItemAttributes.described("Item " + i));
        }

        RecordPageView page = queries.handle(new ListRecordPageQuery(RecordFilter.any(EntityType.ITEM), null, 1000));
        assertThat(page.records()).hasSize(500);
        assertThat(page.hasNextPage()).isTrue();
        assertThat(queries.handle(new ListRecordPageQuery(RecordFilter.any(EntityType.ITEM), page.records().get(499)
                .id(), 0)).records()).as("50 by default").hasSize(50);

        List<String> asked = new ArrayList<>(all.subList(50, 550));
        asked.add("nope");
        asked.add(asked.get(0));
        List<RecordView> found = queries.handle(new FindRecordsQuery(EntityType.ITEM, asked));
        assertThat(found).extracting(RecordView::id).containsExactlyInAnyOrderElementsOf(all.subList(50, 550));

        assertThat(queries.handle(new FindRecordsQuery(EntityType.SUPPLIER, List.of("i-0001")))).isEmpty();
        assertThatThrownBy(() -> queries.handle(new FindRecordsQuery(EntityType.ITEM,
                IntStream.range(0, 1001).mapToObj(i -> "x-" + i).toList())))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
