package io.mdg.query.quality;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.STEWARD;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.model.Address;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.quality.AttributeGap;
import io.mdg.api.quality.ClassCompleteness;
import io.mdg.api.quality.DataQualityQuery;
import io.mdg.api.quality.DataQualityReport;
import io.mdg.api.quality.IdentifierValidity;
import io.mdg.api.quality.LocationMapping;
import io.mdg.api.quality.PendingApprovals.AgeBucket;
import io.mdg.api.quality.PendingApprovals;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SourceRecordLinkedEvent;
import io.mdg.query.changerequest.ChangeRequestReadModel.StoredChangeRequest;
import io.mdg.query.duplicates.DuplicateCandidateQueries;
import io.mdg.query.duplicates.SupplierBlocking;
import io.mdg.query.record.GoldenRecord;
import io.mdg.query.record.RecordProjection;
import io.mdg.query.support.ReadModels;
import io.mdg.rules.file.RulesFile;

/**
 * The data-quality report from the read models: the contract every adapter passes
 * ({@link MemoryDataQualityCalculatorTest}, {@link MongoDataQualityCalculatorTest}).
 */
abstract class DataQualityCalculatorContract {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Address BOSTON = new Address("1 Main Street", null, "Boston", "MA", "02139", "US");
    private static final List<PackagingLevel> BOX = List.of(new PackagingLevel("EA", null, null, "00012345678905"),
            new PackagingLevel("BX", 10, "EA", null));

    private ReadModels models;
    private RecordProjection records;
    private DataQualityCalculator calculator;
    private long sequence;

    /** The read models under test. */
    abstract ReadModels start();

    private SupplierBlocking blocking;

    @BeforeEach
    void startModels() {
        models = start();
        blocking = new SupplierBlocking(models.blocks());
        records = new RecordProjection(models.records(), List.of(blocking), List.of());
        calculator = calculator(RulesFile.loadDefault());
    }

    private DataQualityCalculator calculator(RulesFile rules) {
        return new DataQualityCalculator(models.records(), models.changeRequests(),
                new DuplicateCandidateQueries(models.records(), blocking, InForce.always(rules.matching()),
                        InForce.always(rules.limits())),
                InForce.always(rules.completeness()),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        models.close();
    }

    /** Legacy data the rules would reject today, written straight into the read model. */
    private void legacy(EntityType type, String id, io.mdg.api.model.MasterAttributes attributes) {
        GoldenRecord record = models.records().load(type, id).orElseThrow();
        RecordView v = record.view();
        models.records().save(new GoldenRecord(new RecordView(v.id(), v.type(), v.version(), v.status(),
                v.createdAt(), v.updatedAt(), attributes, v.sourceRefs(), v.lineage(), v.pendingChanges(),
                v.mergedInto()), record.pendingRequests()));
    }

    private void register(String id, io.mdg.api.model.MasterAttributes attributes, SourceRef source) {
        records.on(new RecordRegisteredEvent(id, attributes.entityType(), source, attributes, ERP_CLIENT), 0, T1);
    }

    private static ItemAttributes item(ItemClass itemClass, String udiDi, Boolean sterile, MriSafety mri) {
        return new ItemAttributes("Hip stem", Ref.to("s-1"), "HS-1", udiDi, udiDi == null ? null : UdiAgency.GS1,
                null, "42295401", itemClass, BOX, sterile, false, itemClass == ItemClass.IMPLANT,
                mri);
    }

    @Test
    void item_completeness_counts_the_required_attributes_of_each_class_and_names_the_most_missing() {
        register("i-1", item(ItemClass.IMPLANT, "00012345678905", true, MriSafety.MR_CONDITIONAL), erp("I-1", 1));
        register("i-2", item(ItemClass.IMPLANT, "00012345678905", null, null), erp("I-2", 1));
        register("i-3", item(ItemClass.IMPLANT, "00012345678905", null, MriSafety.MR_SAFE), erp("I-3", 1));
        register("i-4", item(ItemClass.MED_SURG, null, true, null), erp("I-4", 1));
        register("i-5", ItemAttributes.described("Gauze"), erp("I-5", 1));
        register("i-6", item(ItemClass.MED_SURG, null, null, null), erp("I-6", 1));
        records.on(new LifecycleChangedEvent("i-6", EntityType.ITEM, LifecycleStatus.ACTIVE, LifecycleStatus.RETIRED,
                "discontinued", STEWARD), 1, T1);

        DataQualityReport report = calculator.compute();

        assertThat(report.computedAt()).isEqualTo(NOW);
        assertThat(report.itemCompleteness().records()).as("retired items left out").isEqualTo(5);
        assertThat(report.itemCompleteness().complete()).isEqualTo(2);
        assertThat(report.itemCompleteness().ratio()).isEqualTo(0.4);
        ClassCompleteness implants = byClass(report, ItemClass.IMPLANT);
        assertThat(implants.requiredAttributes()).containsAll(List.of("udiDi", "mriSafety", "sterile", "manufacturer"));
        assertThat(implants.records()).isEqualTo(3);
        assertThat(implants.complete()).isEqualTo(1);
        assertThat(implants.mostMissing()).containsExactly(new AttributeGap("sterile", 2),
                new AttributeGap("mriSafety", 1));
        ClassCompleteness medSurg = byClass(report, ItemClass.MED_SURG);
        assertThat(medSurg.records()).isEqualTo(1);
        assertThat(medSurg.ratio()).isEqualTo(1.0);
        ClassCompleteness unclassified = byClass(report, null);
        assertThat(unclassified.records()).isEqualTo(1);
        assertThat(unclassified.mostMissing()).extracting(AttributeGap::attribute)
                .contains("itemClass", "manufacturer", "packaging");
        assertThat(byClass(report, ItemClass.PHARMACY).records()).isZero();
        assertThat(byClass(report, ItemClass.PHARMACY).ratio()).isEqualTo(1.0);
    }

    @Test
    void what_an_item_needs_to_be_complete_comes_from_the_rules_file() throws Exception {
        register("i-1", item(ItemClass.MED_SURG, null, true, null), erp("I-1", 1));
        assertThat(byClass(calculator.compute(), ItemClass.MED_SURG).complete()).isEqualTo(1);

        String shipped;
        try (var in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            shipped = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(shipped).contains("    MED_SURG: [sterile, latex]\n");
        RulesFile withUdi = RulesFile.parse(shipped.replace("    MED_SURG: [sterile, latex]\n",
                "    MED_SURG: [sterile, latex, udiDi]\n"), "rules where med-surg items need a UDI-DI");

        ClassCompleteness medSurg = byClass(calculator(withUdi).compute(), ItemClass.MED_SURG);
        assertThat(medSurg.requiredAttributes()).contains("udiDi");
        assertThat(medSurg.complete()).isZero();
        assertThat(medSurg.mostMissing()).containsExactly(new AttributeGap("udiDi", 1));
    }

    @Test
    void identifier_validity_uses_the_governance_checks_and_names_records_with_legacy_invalid_values() {
        register("s-1", new SupplierAttributes("Acme Medical Inc.", null, "12-3456789", "123456789", "8904000210037",
                BOSTON, null, null, null, null), erp("V-1", 1));
        register("s-2", new SupplierAttributes("Beta Surgical", null, "98-7654321", null, null, null, null, null,
                null, null), erp("V-2", 1));
        register("i-1", item(ItemClass.IMPLANT, "00012345678905", true, MriSafety.MR_SAFE), erp("I-1", 1));
        // legacy data the rules would reject today: a wrong GTIN check digit and an unissued tax-id prefix
        ItemAttributes implant = item(ItemClass.IMPLANT, "00012345678905", true, MriSafety.MR_SAFE);
        legacy(EntityType.ITEM, "i-1", io.mdg.api.model.Attributes.merge(implant, new ItemAttributes(null, null,
                null, null, null, null, null, null, List.of(new PackagingLevel("EA", null, null, "00012345678906"),
                new PackagingLevel("BX", 10, "EA", null)), null, null, null, null)));
        legacy(EntityType.SUPPLIER, "s-2", new SupplierAttributes("Beta Surgical", null, "00-7654321", null, null,
                null, null, null, null, null));

        DataQualityReport report = calculator.compute();

        assertThat(validity(report, "GTIN")).isEqualTo(new IdentifierValidity("GTIN", 1, 0, 0.0, List.of("i-1")));
        assertThat(validity(report, "UDI_DI").ratio()).isEqualTo(1.0);
        assertThat(validity(report, "TAX_ID")).isEqualTo(new IdentifierValidity("TAX_ID", 2, 1, 0.5, List.of("s-2")));
        assertThat(validity(report, "DUNS").checked()).isEqualTo(1);
        assertThat(validity(report, "GLN").valid()).isEqualTo(1);
        assertThat(validity(report, "HIN")).isEqualTo(new IdentifierValidity("HIN", 0, 0, 1.0, List.of()));
    }

    @Test
    void supplier_duplication_counts_candidate_pairs_and_the_suppliers_in_them() {
        register("s-1", new SupplierAttributes("Acme Medical Inc.", null, null, null, null, BOSTON, null, null, null,
                null), erp("V-1", 1));
        register("s-2", new SupplierAttributes("ACME Medical Inc", null, null, null, null, BOSTON, null, null, null,
                null), erp("V-2", 1));
        register("s-3", new SupplierAttributes("Zeta Diagnostics", null, null, null, null, null, null, null, null,
                null), erp("V-3", 1));
        register("s-4", new SupplierAttributes("Omega Pharma", null, null, null, null, null, null, null, null,
                null), erp("V-4", 1));

        var duplication = calculator.compute().supplierDuplication();

        assertThat(duplication.suppliers()).isEqualTo(4);
        assertThat(duplication.minScore()).isEqualTo(0.8);
        assertThat(duplication.candidatePairs()).isEqualTo(1);
        assertThat(duplication.suppliersInPairs()).isEqualTo(2);
        assertThat(duplication.rate()).isEqualTo(0.5);
        assertThat(duplication.complete()).isTrue();
    }

    @Test
    void location_mapping_counts_source_records_that_map_to_a_typed_placed_golden_location() {
        register("l-net", location("Network", LocationType.NETWORK, null), erp("L-NET", 1));
        register("l-fac", location("Facility", LocationType.FACILITY, "l-net"), erp("L-FAC", 1));
        records.on(new SourceRecordLinkedEvent("l-fac", EntityType.LOCATION,
                new SourceRef(SourceSystem.INVENTORY, "INV-FAC", 1L), "GLN", ERP_CLIENT), 1, T1);
        register("l-orphan", location("Storeroom", LocationType.STOREROOM, null), erp("L-ORPHAN", 1));
        register("l-old", location("Old wing", LocationType.DEPARTMENT, "l-fac"), erp("L-OLD", 1));
        records.on(new LifecycleChangedEvent("l-old", EntityType.LOCATION, LifecycleStatus.ACTIVE,
                LifecycleStatus.RETIRED, "closed", STEWARD), 1, T1);

        LocationMapping mapping = calculator.compute().locationMapping();

        assertThat(mapping.sourceLocations()).isEqualTo(5);
        assertThat(mapping.mapped()).isEqualTo(3);
        assertThat(mapping.ratio()).isEqualTo(0.6);
        assertThat(mapping.bySystem()).containsExactly(
                new LocationMapping.SystemMapping(SourceSystem.ERP, 4, 2, 0.5),
                new LocationMapping.SystemMapping(SourceSystem.INVENTORY, 1, 1, 1.0));
    }

    @Test
    void pending_approvals_are_counted_by_age_and_domain() {
        pending("cr-1", EntityType.SUPPLIER, NOW.minus(Duration.ofHours(2)), "PENDING");
        pending("cr-2", EntityType.SUPPLIER, NOW.minus(Duration.ofDays(2)), "PENDING");
        pending("cr-3", EntityType.ITEM, NOW.minus(Duration.ofDays(4)), "PENDING");
        pending("cr-4", EntityType.LOCATION, NOW.minus(Duration.ofDays(9)), "PENDING");
        pending("cr-5", EntityType.ITEM, NOW.minus(Duration.ofDays(9)), "APPROVED");

        PendingApprovals pending = calculator.compute().pendingApprovals();

        assertThat(pending.total()).isEqualTo(4);
        assertThat(pending.oldest()).isEqualTo(NOW.minus(Duration.ofDays(9)));
        assertThat(pending.byAge()).containsExactly(
                new PendingApprovals.AgeBucketCount(AgeBucket.LESS_THAN_1_DAY, 1),
                new PendingApprovals.AgeBucketCount(AgeBucket.DAYS_1_TO_3, 1),
                new PendingApprovals.AgeBucketCount(AgeBucket.DAYS_3_TO_5, 1),
                new PendingApprovals.AgeBucketCount(AgeBucket.MORE_THAN_5_DAYS, 1));
        assertThat(pending.byDomain()).containsExactly(
                new PendingApprovals.DomainCount(EntityType.SUPPLIER, 2),
                new PendingApprovals.DomainCount(EntityType.ITEM, 1),
                new PendingApprovals.DomainCount(EntityType.CONTRACT, 0),
                new PendingApprovals.DomainCount(EntityType.LOCATION, 1));
    }

    @Test
    void an_empty_read_store_is_complete_and_clean() {
        DataQualityReport report = calculator.compute();
        assertThat(report.itemCompleteness().ratio()).isEqualTo(1.0);
        assertThat(report.supplierDuplication().rate()).isZero();
        assertThat(report.locationMapping().ratio()).isEqualTo(1.0);
        assertThat(report.identifierValidity()).allMatch(v -> v.checked() == 0 && v.ratio() == 1.0);
        assertThat(report.pendingApprovals().total()).isZero();
    }

    @Test
    void the_report_is_computed_once_per_cache_period() {
        AtomicInteger computations = new AtomicInteger();
        DataQualityCalculator counting = new DataQualityCalculator(models.records(), models.changeRequests(), null,
                InForce.always(RulesFile.loadDefault().completeness())) {
            @Override
            public DataQualityReport compute() {
                computations.incrementAndGet();
                return new DataQualityReport(NOW, null, null, null, List.of(), null);
            }
        };
        MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
        DataQualityQueries queries = new DataQualityQueries(counting, Duration.ofSeconds(30), clock);

        queries.handle(new DataQualityQuery());
        clock.setInstant(NOW.plusSeconds(29));
        queries.handle(new DataQualityQuery());
        assertThat(computations).hasValue(1);
        clock.setInstant(NOW.plusSeconds(30));
        queries.handle(new DataQualityQuery());
        assertThat(computations).hasValue(2);
    }

    private void pending(String id, EntityType type, Instant openedAt, String status) {
        models.changeRequests().save(new StoredChangeRequest(new ChangeRequestView(id, type, "r-" + id,
                ChangeRequestStatus.valueOf(status), List.of(), List.of(), null, null, null, null, null, 1, 0, false,
                "steward", openedAt, null, null, null, List.of()), 0, List.of()));
    }

    private static LocationAttributes location(String name, LocationType type, String parent) {
        return new LocationAttributes(name, type, parent == null ? null : Ref.to(parent), null, null, BOSTON, null,
                null, null);
    }

    private static ClassCompleteness byClass(DataQualityReport report, ItemClass itemClass) {
        return report.itemCompleteness().byClass().stream().filter(c -> c.itemClass() == itemClass).findFirst()
                .orElseThrow();
    }

    private static IdentifierValidity validity(DataQualityReport report, String kind) {
        return report.identifierValidity().stream().filter(v -> v.kind().equals(kind)).findFirst().orElseThrow();
    }
}
