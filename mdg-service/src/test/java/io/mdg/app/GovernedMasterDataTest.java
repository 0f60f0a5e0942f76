package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
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
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.MergeRecordsCommand;
import io.mdg.api.record.RecordMergedEvent;
import io.mdg.api.record.RecordView;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;

/**
 * The governance rules on the real command path (command bus, aggregates, lookup tables in PostgreSQL, projections in the
 * Mongo read store): system of record, held high-risk changes, stale and repeated submissions, identifier matching
 * and uniqueness, references, lifecycle rules and merges. One service for the class; every test uses its own ids.
 */
class GovernedMasterDataTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Actor ERP = Actor.client("erp");
    private static final Actor PORTAL = Actor.client("supplier-portal");
    private static final Actor SOURCING = Actor.client("sourcing");
    private static final Actor STEWARD = Actor.user("sam.supplier");
    private static final Actor SUE = Actor.user("sue.supplier");

    @TempDir
    static Path dataDir;
    static ServiceHarness service;
    static CommandGateway commands;

    @BeforeAll
    static void start() {
        service = ServiceHarness.start(dataDir, Map.of());
        commands = service.bean(CommandGateway.class);
    }

    @AfterAll
    static void stop() {
        service.close();
    }

    // ---------------------------------------------------------------------------------------- system of record

    @Test
    void each_source_changes_only_the_attributes_it_owns() throws Exception {
        SubmissionResult created = submit(SourceSystem.ERP, "SOR-1", 1L, supplier("Sor Medical Inc.", "12-0000001",
                List.of(new Contact("Pat", "sales", "pat@sor.example", null))), ERP);
        assertThat(created.outcome()).isEqualTo(SubmissionOutcome.CREATED);
        assertThat(status(created, "legalName")).isEqualTo(AttributeStatus.APPLIED);
        assertThat(status(created, "contacts")).isEqualTo(AttributeStatus.NOT_SYSTEM_OF_RECORD);

        SubmissionResult portal = submit(SourceSystem.SUPPLIER_PORTAL, "P-SOR-1", 1L,
                supplier("Sor Medical Incorporated", "12-0000001",
                        List.of(new Contact("Kim", "customer service", "kim@sor.example", "+1 555 0100"))), PORTAL);
        // linked by the tax id, not a twin
        assertThat(portal.goldenId()).isEqualTo(created.goldenId());
        assertThat(portal.outcome()).isEqualTo(SubmissionOutcome.UPDATED);
        assertThat(status(portal, "contacts")).isEqualTo(AttributeStatus.APPLIED);
        assertThat(status(portal, "legalName")).isEqualTo(AttributeStatus.NOT_SYSTEM_OF_RECORD);
        assertThat(status(portal, "taxId")).isEqualTo(AttributeStatus.UNCHANGED);

        RecordView golden = awaitVersion(created.goldenId(), 3); // registered, linked + changed
        SupplierAttributes attributes = (SupplierAttributes) golden.attributes();
        assertThat(attributes.legalName()).isEqualTo("Sor Medical Inc.");
        assertThat(attributes.contacts()).extracting(Contact::name).containsExactly("Kim");
        assertThat(refsOf(SourceSystem.SUPPLIER_PORTAL, "P-SOR-1")).containsExactly(created.goldenId());
        assertThat(refsOf(SourceSystem.ERP, "SOR-1")).containsExactly(created.goldenId());
    }

    @Test
    void high_risk_changes_are_held_and_never_reach_the_golden_record() throws Exception {
        SubmissionResult created = submit(SourceSystem.ERP, "RISK-1", 1L, supplier("Risk Medical Inc.", "12-0000002", null), ERP);
        BankAccount account = new BankAccount("Risk Medical Inc.", "First Bank", "021000021", "123456789", null, "USD");
        SupplierAttributes bankChange = new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);

        SubmissionResult held = submit(SourceSystem.ERP, "RISK-1", 2L, bankChange, ERP);
        assertThat(held.outcome()).isEqualTo(SubmissionOutcome.PENDING_APPROVAL);
        assertThat(status(held, "bankAccount")).isEqualTo(AttributeStatus.PENDING_APPROVAL);
        long events = eventCount(created.goldenId());

        SubmissionResult retried = submit(SourceSystem.ERP, "RISK-1", 2L, bankChange, ERP);
        assertThat(retried.outcome()).isEqualTo(SubmissionOutcome.PENDING_APPROVAL);
        assertThat(eventCount(created.goldenId())).isEqualTo(events);

        RecordView golden = awaitVersion(created.goldenId(), 2);
        assertThat(((SupplierAttributes) golden.attributes()).bankAccount()).isNull();
        assertThat(golden.pendingChanges()).singleElement()
                .satisfies(p -> assertThat(p.attributes()).containsExactly("bankAccount"));
    }

    @Test
    void stale_and_repeated_submissions_change_nothing() throws Exception {
        SubmissionResult created = submit(SourceSystem.ERP, "ORD-1", 5L, supplier("Order Medical Inc.", null, null), ERP);
        SupplierAttributes newer = new SupplierAttributes(null, List.of("Order Med"), null, null, null, null, null, null, null, null);
        assertThat(submit(SourceSystem.ERP, "ORD-1", 7L, newer, ERP).outcome()).isEqualTo(SubmissionOutcome.UPDATED);
        long events = eventCount(created.goldenId());

        SupplierAttributes older = new SupplierAttributes(null, List.of("Order Medical Old"), null, null, null, null, null, null, null, null);
        assertThat(submit(SourceSystem.ERP, "ORD-1", 6L, older, ERP).outcome()).isEqualTo(SubmissionOutcome.STALE);
        assertThat(submit(SourceSystem.ERP, "ORD-1", 7L, newer, ERP).outcome()).isEqualTo(SubmissionOutcome.UNCHANGED);
        assertThat(submit(SourceSystem.ERP, "ORD-1", 7L, older, ERP).outcome()).isEqualTo(SubmissionOutcome.STALE);
        assertThat(eventCount(created.goldenId())).isEqualTo(events);
        assertThat(((SupplierAttributes) awaitVersion(created.goldenId(), 2).attributes()).tradingNames())
                .containsExactly("Order Med");
    }

    @Test
    void invalid_values_are_rejected_per_field_and_nothing_is_created() throws Exception {
        SupplierAttributes bad = new SupplierAttributes("Bad Ids Inc.", null, "12-34", "12345", "1234567890123",
                null, null, null, null, null);
        SubmissionResult rejected = submit(SourceSystem.ERP, "BAD-1", 1L, bad, ERP);
        assertThat(rejected.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(rejected.goldenId()).isNull();
        assertThat(rejected.errors()).extracting(FieldError::field).contains("taxId", "duns", "gln");
        assertThat(refsOf(SourceSystem.ERP, "BAD-1")).isEmpty();
    }

    // ---------------------------------------------------------------------------------------- identifiers

    @Test
    void identifiers_are_unique_across_golden_records() throws Exception {
        SubmissionResult first = submit(SourceSystem.ERP, "UNQ-1", 1L, supplier("Unique One Inc.", "12-0000003", null), ERP);
        SubmissionResult second = submit(SourceSystem.ERP, "UNQ-2", 1L, supplier("Unique Two Inc.", "12-0000004", null), ERP);
        assertThat(second.goldenId()).isNotEqualTo(first.goldenId());

        // the owner of the tax id tries to give record two the tax id of record one: refused, and held values aside
        // nothing changes
        SupplierAttributes steal = new SupplierAttributes(null, null, null, "123456789", null, null, null, null, null, null);
        assertThat(submit(SourceSystem.ERP, "UNQ-1", 2L, steal, ERP).outcome()).isEqualTo(SubmissionOutcome.UPDATED);
        SubmissionResult clash = submit(SourceSystem.ERP, "UNQ-2", 2L, steal, ERP);
        assertThat(clash.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(clash.errors()).extracting(FieldError::code).contains("DUPLICATE_IDENTIFIER");

        // a new source record carrying identifiers of two different golden records is ambiguous
        SupplierAttributes both = new SupplierAttributes("Both Inc.", null, "12-0000004", "123456789", null, null, null, null, null, null);
        SubmissionResult ambiguous = submit(SourceSystem.SOURCING, "S-BOTH", 1L, both, SOURCING);
        assertThat(ambiguous.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(ambiguous.errors()).extracting(FieldError::code).containsExactly("AMBIGUOUS_IDENTIFIERS");
    }

    /**
     * Eight new source records with the same GTIN at once (the owning ERP's item master, e.g. duplicates of one
     * article), and the inventory platform's records of it: one golden record, the rest linked to it. An inventory
     * record that arrives before the ERP has created the item is refused (the inventory platform does not own the
     * item's description, so it cannot create it), never a twin.
     */
    @Test
    void concurrent_new_records_with_the_same_gtin_make_one_golden_record() throws Exception {
        String manufacturer = submit(SourceSystem.ERP, "MFR-GTIN", 1L, supplier("Gtin Maker Inc.", null, null), ERP).goldenId();
        String gtin = gtin("0061414100001");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<SubmissionResult>> erp = new ArrayList<>();
            List<CompletableFuture<SubmissionResult>> inventory = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String sourceId = "GT-" + i;
                erp.add(CompletableFuture.supplyAsync(() -> submitUnchecked(SourceSystem.ERP, sourceId, 1L,
                        item("Concurrent glove", manufacturer, gtin), ERP), pool));
                inventory.add(CompletableFuture.supplyAsync(() -> submitUnchecked(SourceSystem.INVENTORY, sourceId, 1L,
                        item("Concurrent glove", manufacturer, gtin), Actor.client("inventory")), pool));
            }
            List<SubmissionResult> fromErp = erp.stream().map(CompletableFuture::join).toList();
            List<SubmissionResult> fromInventory = inventory.stream().map(CompletableFuture::join).toList();
            String golden = fromErp.get(0).goldenId();
            assertThat(fromErp).extracting(SubmissionResult::goldenId).containsOnly(golden);
            assertThat(fromErp).filteredOn(r -> r.outcome() == SubmissionOutcome.CREATED).hasSize(1);
            assertThat(fromInventory).allSatisfy(r -> {
                if (r.outcome() == SubmissionOutcome.REJECTED) {
                    assertThat(r.goldenId()).isNull();
                } else {
                    assertThat(r.goldenId()).isEqualTo(golden);
                }
            });
            assertThat(fromInventory).noneMatch(r -> r.outcome() == SubmissionOutcome.CREATED);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------- references

    @Test
    void references_by_source_id_resolve_and_must_hold() throws Exception {
        String supplierId = submit(SourceSystem.ERP, "REF-S", 1L, supplier("Ref Supply Inc.", null, null), ERP).goldenId();
        SubmissionResult item = submit(SourceSystem.ERP, "REF-I", 1L,
                itemBySource("Ref gauze", "REF-S", gtin("0061414100002")), ERP);
        assertThat(item.outcome()).isEqualTo(SubmissionOutcome.CREATED);
        ItemAttributes golden = (ItemAttributes) awaitVersion(item.goldenId(), 1).attributes();
        assertThat(golden.manufacturer()).isEqualTo(Ref.to(supplierId));

        SubmissionResult unknown = submit(SourceSystem.ERP, "REF-I2", 1L,
                itemBySource("Ref tape", "NO-SUCH", gtin("0061414100003")), ERP);
        assertThat(unknown.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(unknown.errors()).extracting(FieldError::code).containsExactly("REFERENCE_NOT_FOUND");

        // a contract line priced in a unit the item does not have is refused
        SubmissionResult badUnit = submit(SourceSystem.SOURCING, "REF-C1", 1L,
                contract("C-REF-1", supplierId, item.goldenId(), "PL"), SOURCING);
        assertThat(badUnit.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(badUnit.errors()).extracting(FieldError::field).anyMatch(f -> f.startsWith("lines[0]"));

        SubmissionResult contract = submit(SourceSystem.SOURCING, "REF-C2", 1L,
                contract("C-REF-2", supplierId, item.goldenId(), "BX"), SOURCING);
        assertThat(contract.outcome()).isEqualTo(SubmissionOutcome.CREATED);
    }

    @Test
    void a_contract_price_change_above_the_threshold_waits_for_approval_and_a_small_one_applies() throws Exception {
        String supplierId = submit(SourceSystem.ERP, "PRICE-S", 1L, supplier("Price Medical Inc.", null, null), ERP).goldenId();
        String itemId = submit(SourceSystem.ERP, "PRICE-I", 1L, item("Price swab", supplierId, gtin("0061414100006")), ERP).goldenId();
        SubmissionResult created = submit(SourceSystem.SOURCING, "PRICE-C", 1L,
                contract("C-PRICE", supplierId, itemId, "BX"), SOURCING);
        assertThat(created.outcome()).isEqualTo(SubmissionOutcome.CREATED);

        SubmissionResult small = submit(SourceSystem.SOURCING, "PRICE-C", 2L,
                contractPriced("C-PRICE", supplierId, itemId, "12.80"), SOURCING);
        assertThat(small.outcome()).as(small.toString()).isEqualTo(SubmissionOutcome.UPDATED);

        SubmissionResult big = submit(SourceSystem.SOURCING, "PRICE-C", 3L,
                contractPriced("C-PRICE", supplierId, itemId, "19.99"), SOURCING);
        assertThat(big.outcome()).isEqualTo(SubmissionOutcome.PENDING_APPROVAL);
        assertThat(status(big, "lines")).isEqualTo(AttributeStatus.PENDING_APPROVAL);
        assertThat(big.changeRequestId()).isNotNull();
        ContractAttributes golden = (ContractAttributes) awaitVersion(created.goldenId(), 3).attributes();
        assertThat(golden.lines().get(0).price()).isEqualByComparingTo("12.80");
    }

    static ContractAttributes contractPriced(String number, String supplierId, String itemId, String price) {
        return new ContractAttributes(number, Ref.to(supplierId), ContractType.GPO, "TIER-1",
                LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31),
                List.of(new ContractLine(Ref.to(itemId), "BX", new BigDecimal(price), "USD", null, null, null)));
    }

    @Test
    void an_excluded_supplier_is_suspended_and_cannot_be_contracted() throws Exception {
        SupplierAttributes excluded = new SupplierAttributes("Excluded Medical Inc.", null, null, null, null, null,
                null, null, null, ScreeningStatus.EXCLUDED);
        SubmissionResult supplier = submit(SourceSystem.ERP, "EXC-1", 1L, excluded, ERP);
        assertThat(awaitVersion(supplier.goldenId(), 2).status()).isEqualTo(LifecycleStatus.SUSPENDED);
        String itemId = submit(SourceSystem.ERP, "EXC-I", 1L, item("Exc sponge", supplier.goldenId(),
                gtin("0061414100004")), ERP).goldenId();
        SubmissionResult contract = submit(SourceSystem.SOURCING, "EXC-C", 1L,
                contract("C-EXC", supplier.goldenId(), itemId, "EA"), SOURCING);
        assertThat(contract.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(contract.errors()).extracting(FieldError::field).contains("supplier");
    }

    @Test
    void a_location_needs_a_parent_of_a_higher_level() throws Exception {
        SubmissionResult network = submit(SourceSystem.ERP, "LOC-N", 1L,
                location("Harbor Health", LocationType.NETWORK, null), ERP);
        assertThat(network.outcome()).isEqualTo(SubmissionOutcome.CREATED);
        SubmissionResult storeroom = submit(SourceSystem.ERP, "LOC-S", 1L,
                location("Loose storeroom", LocationType.STOREROOM, network.goldenId()), ERP);
        assertThat(storeroom.outcome()).isEqualTo(SubmissionOutcome.CREATED);
        SubmissionResult wrong = submit(SourceSystem.ERP, "LOC-X", 1L,
                location("Campus under storeroom", LocationType.HOSPITAL_CAMPUS, storeroom.goldenId()), ERP);
        assertThat(wrong.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
        assertThat(wrong.errors()).extracting(FieldError::field).contains("parent");
        SubmissionResult orphan = submit(SourceSystem.ERP, "LOC-O", 1L,
                location("Orphan department", LocationType.DEPARTMENT, null), ERP);
        assertThat(orphan.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
    }

    // ---------------------------------------------------------------------------------------- lifecycle and merge

    @Test
    void a_supplier_with_active_contracts_cannot_be_retired() throws Exception {
        String supplierId = submit(SourceSystem.ERP, "LIFE-S", 1L, supplier("Life Medical Inc.", null, null), ERP).goldenId();
        String itemId = submit(SourceSystem.ERP, "LIFE-I", 1L, item("Life swab", supplierId, gtin("0061414100005")), ERP).goldenId();
        String contractId = submit(SourceSystem.SOURCING, "LIFE-C", 1L,
                contract("C-LIFE", supplierId, itemId, "EA"), SOURCING).goldenId();
        assertThat(contractId).isNotNull();

        // refused at request time: no change request is opened for a change that could never be applied
        assertThatThrownBy(() -> commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, supplierId,
                LifecycleStatus.RETIRED, "no longer used", STEWARD)))
                .isInstanceOfSatisfying(CommandExecutionException.class, e -> assertThat(e.getDetails())
                        .get().isInstanceOfSatisfying(MdgErrorDetails.class,
                                d -> assertThat(d.code()).isEqualTo(ErrorCode.CONFLICT)));

        // retiring needs a second steward of the domain (rules file: stewardActions)
        String retireContract = commands.sendAndWait(new ChangeLifecycleCommand(EntityType.CONTRACT, contractId,
                LifecycleStatus.RETIRED, "expired", Actor.user("carl.contract")));
        assertThat(retireContract).isNotNull();
        approve(retireContract, Actor.user("cora.contract"), "contract-steward");
        assertThat(awaitVersion(contractId, 2).status()).isEqualTo(LifecycleStatus.RETIRED);

        // the rules are checked again at approval: a contract signed meanwhile makes the approval fail
        String retireSupplier = commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, supplierId,
                LifecycleStatus.RETIRED, "no longer used", STEWARD));
        String newContract = submit(SourceSystem.SOURCING, "LIFE-C2", 1L,
                contract("C-LIFE2", supplierId, itemId, "EA"), SOURCING).goldenId();
        approve(retireSupplier, SUE, "supplier-steward");
        assertThat(service.bean(EventStore.class).readEvents(retireSupplier).asStream().map(m -> m.getPayload()))
                .anyMatch(ChangeRequestRejectedEvent.class::isInstance);
        assertThat(find(supplierId).orElseThrow().status()).isEqualTo(LifecycleStatus.ACTIVE);

        approve(commands.sendAndWait(new ChangeLifecycleCommand(EntityType.CONTRACT, newContract,
                LifecycleStatus.RETIRED, "cancelled", Actor.user("carl.contract"))), Actor.user("cora.contract"),
                "contract-steward");
        awaitVersion(newContract, 2);
        String retry = commands.sendAndWait(new ChangeLifecycleCommand(EntityType.SUPPLIER, supplierId,
                LifecycleStatus.RETIRED, "no longer used", STEWARD));
        approve(retry, SUE, "supplier-steward");
        assertThat(awaitVersion(supplierId, 2).status()).isEqualTo(LifecycleStatus.RETIRED);
        SubmissionResult afterRetire = submit(SourceSystem.ERP, "LIFE-S", 2L,
                new SupplierAttributes(null, List.of("Life"), null, null, null, null, null, null, null, null), ERP);
        assertThat(afterRetire.outcome()).isEqualTo(SubmissionOutcome.REJECTED);
    }

    @Test
    void a_merge_moves_the_cross_references_and_retires_the_loser() throws Exception {
        String survivor = submit(SourceSystem.ERP, "MRG-1", 1L, supplier("Merge Medical Inc.", null, null), ERP).goldenId();
        String loser = submit(SourceSystem.ERP, "MRG-2", 1L, supplier("Merge Medical Incorporated", null, null), ERP).goldenId();
        String request = commands.sendAndWait(new MergeRecordsCommand(EntityType.SUPPLIER, survivor, loser,
                "same company", STEWARD));
        assertThat(request).as("a merge waits for a second steward").isNotNull();
        assertThat(awaitVersion(loser, 1).status()).isEqualTo(LifecycleStatus.ACTIVE);
        approve(request, SUE, "supplier-steward");

        RecordView merged = awaitVersion(loser, 2);
        assertThat(merged.status()).isEqualTo(LifecycleStatus.RETIRED);
        assertThat(merged.mergedInto()).isEqualTo(survivor);
        eventually(() -> refsOf(SourceSystem.ERP, "MRG-2"), refs -> refs.equals(List.of(survivor)), WAIT);
        assertThat(service.bean(EventStore.class).readEvents(loser).asStream().map(m -> m.getPayload()))
                .anyMatch(p -> p instanceof RecordMergedEvent m && request.equals(m.changeRequestId())
                        && m.actor().equals(SUE));

        SubmissionResult next = submit(SourceSystem.ERP, "MRG-2", 2L,
                new SupplierAttributes(null, List.of("Merge Med"), null, null, null, null, null, null, null, null), ERP);
        assertThat(next.goldenId()).isEqualTo(survivor);
        assertThat(next.outcome()).isEqualTo(SubmissionOutcome.UPDATED);
    }

    private static void approve(String changeRequestId, Actor steward, String role) {
        commands.sendAndWait(new ApproveChangeRequestCommand(changeRequestId, "checked", null, steward, Set.of(role)));
    }

    // ---------------------------------------------------------------------------------------- helpers

    static SupplierAttributes supplier(String name, String taxId, List<Contact> contacts) {
        return new SupplierAttributes(name, null, taxId, null, null,
                new Address("1 Main St", null, "Boston", "MA", "02110", "US"), null, null, contacts, ScreeningStatus.CLEAR);
    }

    static ItemAttributes item(String description, String manufacturerId, String gtin) {
        return itemWith(description, Ref.to(manufacturerId), gtin);
    }

    static ItemAttributes itemBySource(String description, String manufacturerSourceId, String gtin) {
        return itemWith(description, Ref.bySource(manufacturerSourceId), gtin);
    }

    private static ItemAttributes itemWith(String description, Ref manufacturer, String gtin) {
        return new ItemAttributes(description, manufacturer, "MPN-" + gtin.substring(8), null, null, null, "42132203",
                ItemClass.MED_SURG, List.of(new PackagingLevel("EA", null, null, gtin),
                new PackagingLevel("BX", 100, "EA", null)), false, false, false, null);
    }

    static ContractAttributes contract(String number, String supplierId, String itemId, String unit) {
        return new ContractAttributes(number, Ref.to(supplierId), ContractType.GPO, "TIER-1",
                LocalDate.of(2026, 1, 1), LocalDate.of(2027, 12, 31),
                List.of(new ContractLine(Ref.to(itemId), unit, new BigDecimal("12.50"), "USD", null, null, null)));
    }

    static LocationAttributes location(String name, LocationType type, String parentId) {
        return new LocationAttributes(name, type, parentId == null ? null : Ref.to(parentId), null, null, null,
                "CC-1", null, null);
    }

    /** A GTIN-14 from 13 data digits with its GS1 check digit. */
    static String gtin(String data) {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            int digit = data.charAt(data.length() - 1 - i) - '0';
            sum += i % 2 == 0 ? digit * 3 : digit;
        }
        return data + (10 - sum % 10) % 10;
    }

    static SubmissionResult submit(SourceSystem system, String sourceId, Long version, MasterAttributes attributes,
                                   Actor actor) {
        return submitUnchecked(system, sourceId, version, attributes, actor);
    }

    static SubmissionResult submitUnchecked(SourceSystem system, String sourceId, Long version,
                                            MasterAttributes attributes, Actor actor) {
        return commands.sendAndWait(new SubmitRecordCommand(new SourceRef(system, sourceId, version), attributes, actor));
    }

    static AttributeStatus status(SubmissionResult result, String attribute) {
        return result.attributes().stream().filter(a -> a.attribute().equals(attribute)).map(AttributeResult::status)
                .findFirst().orElseThrow(() -> new AssertionError("no result for " + attribute + " in " + result));
    }

    static long eventCount(String recordId) {
        return service.bean(EventStore.class).readEvents(recordId).asStream().count();
    }

    static RecordView awaitVersion(String id, long version) throws Exception {
        return eventually(() -> find(id), r -> r.isPresent() && r.get().version() >= version, WAIT).orElseThrow();
    }

    static Optional<RecordView> find(String id) throws Exception {
        return service.bean(QueryGateway.class)
                .query(new FindRecordQuery(null, id), ResponseTypes.optionalInstanceOf(RecordView.class)).get();
    }

    static List<String> refsOf(SourceSystem system, String sourceId) throws Exception {
        return service.bean(QueryGateway.class).query(new FindRecordBySourceQuery(system, sourceId, null),
                ResponseTypes.multipleInstancesOf(RecordRef.class)).get().stream().map(RecordRef::goldenId).toList();
    }
}
