package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.model.Contact;
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
import io.mdg.api.record.AttributeLineage;
import io.mdg.api.record.ContractFilter;
import io.mdg.api.record.CountMatchingRecordsQuery;
import io.mdg.api.record.FindChildLocationsQuery;
import io.mdg.api.record.FindRecordAsOfQuery;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.ItemFilter;
import io.mdg.api.record.ListRecordPageQuery;
import io.mdg.api.record.LocationFilter;
import io.mdg.api.record.RecordFilter;
import io.mdg.api.record.RecordPageView;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.record.SupplierFilter;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;

/**
 * The golden-record read API on the real path (command bus, aggregates, projections, version history in the Mongo
 * read store, query handlers): as-of reads across several versions, also after a restart rebuilt the read models
 * from the events; lineage from two sources and a change request; filters, cursors and batches.
 */
class RecordReadApiTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ERP = Actor.client("erp");
    private static final Actor PORTAL = Actor.client("supplier-portal");
    private static final Actor SOURCING = Actor.client("sourcing");
    private static final Actor SAM = Actor.user("sam.supplier");

    @TempDir
    Path dataDir;

    @Test
    void a_supplier_is_read_as_of_each_of_its_versions_with_lineage_and_again_after_a_rebuild() throws Exception {
        String id;
        List<RecordView> versions = new ArrayList<>();
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            CommandGateway commands = service.bean(CommandGateway.class);
            SubmissionResult created = submit(commands, SourceSystem.ERP, "ASOF-1", 1L,
                    new SupplierAttributes("Asof Medical Inc.", null, "12-0000101", null, null, null, null, null, null,
                            null), ERP);
            id = created.goldenId();
            // each answer names the version a read shows once the submission is applied (read-your-write tokens)
            assertThat(created.version()).isEqualTo(1);
            versions.add(awaitVersion(service, id, 1));

            SubmissionResult linked = submit(commands, SourceSystem.SUPPLIER_PORTAL, "P-ASOF-1", 1L, new SupplierAttributes(null, null,
                    "12-0000101", null, null, null, null, null, List.of(new Contact("Kim", "sales", null, null)),
                    null), PORTAL);
            assertThat(linked.version()).isEqualTo(3);
            versions.add(awaitVersion(service, id, 3)); // linked, then contacts changed
            submit(commands, SourceSystem.ERP, "ASOF-1", 2L, new SupplierAttributes(null, null, null, "150483782",
                    null, null, null, null, null, null), ERP);
            versions.add(awaitVersion(service, id, 4));
            SubmissionResult held = submit(commands, SourceSystem.ERP, "ASOF-1", 3L,
                    SupplierAttributes.named("Asof Medical Holdings Inc."), ERP);
            assertThat(held.outcome()).isEqualTo(SubmissionOutcome.PENDING_APPROVAL);
            assertThat(held.version()).isEqualTo(5);
            versions.add(awaitVersion(service, id, 5));
            commands.sendAndWait(new ApproveChangeRequestCommand(held.changeRequestId(), "acquisition confirmed",
                    null, SAM, Set.of("supplier-steward")));
            versions.add(awaitVersion(service, id, 6));

            assertAsOfEveryVersion(service, id, versions);
            RecordView current = versions.get(versions.size() - 1);
            // every value names the rules it was decided by (the shipped rules, adopted at the first start)
            assertThat(current.lineage()).allSatisfy(l -> {
                assertThat(l.rulesVersion()).isEqualTo(io.mdg.rules.file.RulesFile.loadDefault().policy().version());
                assertThat(l.rulesHash()).hasSize(64);
            });
            assertThat(current.lineage()).extracting(l -> new AttributeLineage(l.attribute(), l.system(),
                    l.sourceId(), l.at(), l.changeRequestId())).contains(
                    new AttributeLineage("legalName", SourceSystem.ERP, "ASOF-1", current.updatedAt(),
                            held.changeRequestId()),
                    new AttributeLineage("taxId", SourceSystem.ERP, "ASOF-1", versions.get(0).createdAt()),
                    new AttributeLineage("contacts", SourceSystem.SUPPLIER_PORTAL, "P-ASOF-1",
                            versions.get(1).updatedAt()),
                    new AttributeLineage("duns", SourceSystem.ERP, "ASOF-1", versions.get(2).updatedAt()));
            RecordView pending = versions.get(3);
            assertThat(name(pending)).as("a held value never appears").isEqualTo("Asof Medical Inc.");
            assertThat(pending.pendingChanges()).singleElement()
                    .satisfies(p -> assertThat(p.attributes()).containsExactly("legalName"));
            assertThat(name(current)).isEqualTo("Asof Medical Holdings Inc.");
        }

        // the memory read store is rebuilt from the events at start-up: the history with it
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            String recordId = id;
            eventually(() -> asOf(service, recordId, versions.get(0).createdAt()), Optional::isPresent, WAIT);
            awaitVersion(service, id, 6);
            assertAsOfEveryVersion(service, id, versions);
        }
    }

    private static void assertAsOfEveryVersion(ServiceHarness service, String id, List<RecordView> versions)
            throws Exception {
        assertThat(asOf(service, id, versions.get(0).createdAt().minusMillis(1))).as("before creation").isEmpty();
        for (int i = 0; i < versions.size(); i++) {
            RecordView version = versions.get(i);
            assertThat(asOf(service, id, version.updatedAt())).as("as of version %d", version.version())
                    .contains(version);
            if (i > 0) {
                long previous = versions.get(i - 1).version();
                // the versions in between (a link and a change from one submission) may share a millisecond
                assertThat(asOf(service, id, version.updatedAt().minusNanos(1000))).map(RecordView::version)
                        .as("just before version %d", version.version()).get()
                        .satisfies(v -> assertThat(v).isLessThan(version.version())
                                .isGreaterThanOrEqualTo(previous));
            }
        }
    }

    @Test
    void records_are_filtered_paged_by_cursor_and_read_in_batches() throws Exception {
        try (ServiceHarness service = ServiceHarness.start(dataDir, Map.of())) {
            CommandGateway commands = service.bean(CommandGateway.class);
            List<String> suppliers = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                suppliers.add(submit(commands, SourceSystem.ERP, "FLT-S" + i, 1L, new SupplierAttributes(
                        "Filterable Surgical " + i + " Inc.", null, "12-000020" + i, null, null, null, null, null,
                        null, null), ERP).goldenId());
            }
            String manufacturer = suppliers.get(0);
            String gtin = GovernedMasterDataTest.gtin("0089040002110");
            String glove = submit(commands, SourceSystem.ERP, "FLT-I1", 1L, new ItemAttributes("Filter glove M",
                    Ref.to(manufacturer), "FG-1", null, null, null, "42132203", ItemClass.MED_SURG,
                    List.of(new PackagingLevel("EA", null, null, gtin), new PackagingLevel("BX", 100, "EA", null)),
                    false, false, false, null), ERP).goldenId();
            SubmissionResult priced = submit(commands, SourceSystem.SOURCING, "FLT-C1", 1L,
                    new ContractAttributes("FLT-100", Ref.to(suppliers.get(1)), ContractType.LOCAL, "TIER-1",
                    LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), List.of(new ContractLine(Ref.to(glove), "BX",
                    new BigDecimal("9.90"), "USD", null, null, null))), SOURCING);
            String contract = priced.goldenId();
            // its price baseline is an event of the contract that makes no version of the golden record
            assertThat(priced.version()).isEqualTo(1);
            String network = submit(commands, SourceSystem.ERP, "FLT-L1", 1L,
                    location("Filter network", LocationType.NETWORK, null), ERP).goldenId();
            String campus = submit(commands, SourceSystem.ERP, "FLT-L2", 1L,
                    location("Filter campus", LocationType.HOSPITAL_CAMPUS, network), ERP).goldenId();
            String storeroom = submit(commands, SourceSystem.ERP, "FLT-L3", 1L,
                    location("Filter storeroom", LocationType.STOREROOM, campus), ERP).goldenId();
            awaitVersion(service, storeroom, 1);
            awaitVersion(service, contract, 1);

            // cursor paging over a text filter: 5 suppliers, pages of 2
            SupplierFilter text = new SupplierFilter(LifecycleStatus.ACTIVE, "filterable surgical", null, null, null);
            List<String> seen = new ArrayList<>();
            String after = null;
            RecordPageView page;
            do {
                page = page(service, text, after, 2);
                page.records().forEach(r -> seen.add(r.id()));
                after = page.records().isEmpty() ? after : page.records().get(page.records().size() - 1).id();
            } while (page.hasNextPage());
            assertThat(seen).containsExactlyElementsOf(suppliers.stream().sorted().toList());
            assertThat(count(service, text)).isEqualTo(5);

            assertThat(ids(service, new SupplierFilter(null, null, "120000203", null, null)))
                    .containsExactly(suppliers.get(2));
            assertThat(ids(service, new ItemFilter(null, null, gtin.substring(2), null, null, null, null, null)))
                    .as("the GTIN-12 form").containsExactly(glove);
            assertThat(ids(service, new ItemFilter(null, "GLOVE", null, null, null, null, ItemClass.MED_SURG,
                    manufacturer))).containsExactly(glove);
            assertThat(ids(service, new ContractFilter(null, null, suppliers.get(1), glove, null)))
                    .containsExactly(contract);
            assertThat(ids(service, new LocationFilter(null, null, null, null, null, network)))
                    .containsExactly(campus);
            assertThat(ids(service, new LocationFilter(null, "filter", null, null, LocationType.STOREROOM, null)))
                    .containsExactly(storeroom);

            QueryGateway queries = service.bean(QueryGateway.class);
            List<RecordView> batch = queries.query(new FindRecordsQuery(EntityType.SUPPLIER,
                    List.of(suppliers.get(3), suppliers.get(4), "no-such-id")),
                    ResponseTypes.multipleInstancesOf(RecordView.class)).get();
            assertThat(batch).extracting(RecordView::id).containsExactlyInAnyOrder(suppliers.get(3), suppliers.get(4));
            List<RecordView> children = queries.query(new FindChildLocationsQuery(List.of(network, campus)),
                    ResponseTypes.multipleInstancesOf(RecordView.class)).get();
            assertThat(children).extracting(RecordView::id).containsExactlyInAnyOrder(campus, storeroom);
        }
    }

    private static LocationAttributes location(String name, LocationType type, String parentId) {
        return new LocationAttributes(name, type, parentId == null ? null : Ref.to(parentId), null, null, null,
                "CC-1", null, null);
    }

    private static SubmissionResult submit(CommandGateway commands, SourceSystem system, String sourceId,
                                           Long version, MasterAttributes attributes, Actor actor) {
        SubmissionResult result = commands.sendAndWait(new SubmitRecordCommand(new SourceRef(system, sourceId,
                version), attributes, actor));
        assertThat(result.outcome()).as("%s %s", sourceId, result).isNotEqualTo(SubmissionOutcome.REJECTED);
        return result;
    }

    private static String name(RecordView view) {
        return ((SupplierAttributes) view.attributes()).legalName();
    }

    private static RecordView awaitVersion(ServiceHarness service, String id, long version) throws Exception {
        return eventually(() -> service.bean(QueryGateway.class).query(new FindRecordQuery(null, id),
                        ResponseTypes.optionalInstanceOf(RecordView.class)).get(),
                r -> r.isPresent() && r.get().version() >= version, WAIT).orElseThrow();
    }

    private static Optional<RecordView> asOf(ServiceHarness service, String id, Instant at) throws Exception {
        return service.bean(QueryGateway.class).query(new FindRecordAsOfQuery(EntityType.SUPPLIER, id, at),
                ResponseTypes.optionalInstanceOf(RecordView.class)).get();
    }

    private static RecordPageView page(ServiceHarness service, RecordFilter filter, String after, int limit)
            throws Exception {
        return service.bean(QueryGateway.class).query(new ListRecordPageQuery(filter, after, limit),
                ResponseTypes.instanceOf(RecordPageView.class)).get();
    }

    private static long count(ServiceHarness service, RecordFilter filter) throws Exception {
        return service.bean(QueryGateway.class).query(new CountMatchingRecordsQuery(filter),
                ResponseTypes.instanceOf(Long.class)).get();
    }

    private static List<String> ids(ServiceHarness service, RecordFilter filter) throws Exception {
        return page(service, filter, null, 100).records().stream().map(RecordView::id).toList();
    }
}
