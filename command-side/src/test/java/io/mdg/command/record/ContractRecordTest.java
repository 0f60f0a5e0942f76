package io.mdg.command.record;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.model.ApprovedPrice;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.record.ApplyApprovedChangeCommand;
import io.mdg.api.record.ChangeHeldForApprovalEvent;
import io.mdg.api.record.ContractPriceBaselineSetEvent;
import io.mdg.api.record.DecideSubmissionCommand;
import io.mdg.api.record.HeldAttribute;
import io.mdg.api.record.RecheckContractPricesCommand;
import io.mdg.api.record.RecordChangedEvent;
import io.mdg.api.record.RecordCommand;
import io.mdg.api.record.RecordRegisteredEvent;
import io.mdg.command.lookup.CrossRecordChecks;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.rules.Violation;
import io.mdg.rules.decision.RecordValidator;
import io.mdg.rules.file.RulesFile;
import io.mdg.rules.policy.GovernancePolicy;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.ReferenceLookup;

/**
 * A contract's price baseline, given and when and then: set on creation and by approvals only, every price change
 * judged against it, a contract stored before baselines were kept gets its current prices as baseline, and an
 * approved packaging change of an item re-checks the prices.
 */
class ContractRecordTest {

    private static final String ID = "contract-1";
    private static final GovernancePolicy POLICY = RulesFile.loadDefault().policy();
    private static final Actor SOURCING = Actor.client("sourcing");
    private static final Actor CARL = Actor.user("carl.contract");
    private static final SourceRef CT_1 = new SourceRef(SourceSystem.SOURCING, "CT-1", 1L);
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    /** What the re-check says when boxes of 12 are priced at 100 (a baseline of 100 per 10). */
    private static final String MOVED_PRICE = "price of item i-1 per EA moves from the approved 10 to 8.3333 USD"
            + " (100 USD per BX; -16.7 %, beyond 5 %)";

    private AggregateTestFixture<GovernedRecord> fixture;
    private int perBox;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(GovernedRecord.class);
        perBox = 10;
        fixture.registerCommandTargetResolver(
                new PayloadTargetResolver<>(RecordCommand.class, RecordCommand::recordId));
        fixture.registerInjectableResource(io.mdg.command.record.PolicyInForce.of(POLICY));
        fixture.registerInjectableResource(new CrossRecordChecks(null) {
            @Override
            public RecordValidator validator(String recordId) {
                return ContractRecordTest.this.validator();
            }

            @Override
            public ReferenceLookup references() {
                return items();
            }
        });
    }

    /** The item {@code i-1}: EA; BX of {@link #perBox} EA. */
    private ReferenceLookup items() {
        List<PackagingLevel> packaging = List.of(new PackagingLevel("EA", null, null, null),
                new PackagingLevel("BX", perBox, "EA", null));
        return new ReferenceLookup() {
            @Override
            public Optional<RecordFacts> find(String id) {
                return Optional.of(new RecordFacts(id, EntityType.ITEM, LifecycleStatus.ACTIVE, new ItemAttributes(
                        "gauze", null, null, null, null, null, null, ItemClass.MED_SURG, packaging, null, null, null,
                        null)));
            }

            @Override
            public List<RecordFacts> referencing(String id) {
                return List.of();
            }
        };
    }

    private RecordValidator validator() {
        ReferenceLookup items = items();
        return new RecordValidator() {
            @Override
            public List<Violation> validate(io.mdg.api.model.MasterAttributes resulting, boolean isNew) {
                return List.of();
            }

            @Override
            public ReferenceLookup lookup() {
                return items;
            }
        };
    }

    private static ContractLine line(String unit, String price) {
        return new ContractLine(Ref.to("i-1"), unit, new BigDecimal(price), "USD", null, null, null);
    }

    private static ContractAttributes contract(ContractLine line) {
        return new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, "T1", LocalDate.of(2026, 1, 1),
                LocalDate.of(2027, 12, 31), List.of(line));
    }

    private static ContractAttributes lines(ContractLine line) {
        return new ContractAttributes(null, null, null, null, null, null, List.of(line));
    }

    private static DecideSubmissionCommand submit(long version, ContractAttributes attributes) {
        return new DecideSubmissionCommand(ID, new SourceRef(SourceSystem.SOURCING, "CT-1", version), attributes,
                SOURCING, null, "cr-" + version, TODAY);
    }

    private static ApplyApprovedChangeCommand approve(String changeRequestId) {
        return new ApplyApprovedChangeCommand(ID, changeRequestId, CARL);
    }

    /** Item i-1's packaging change was approved (the item as {@link #items()} has it now). */
    private RecheckContractPricesCommand recheck() {
        RecordFacts item = items().find("i-1").orElseThrow();
        return new RecheckContractPricesCommand(ID, "i-1", item.status(), item.attributes(), Actor.user("ian.item"),
                "cr-recheck");
    }

    private static ApprovedPrice approved(String unit, String price, long factor) {
        return new ApprovedPrice("i-1", null, unit, new BigDecimal(price), "USD", factor, null, null);
    }

    @Test
    void creating_the_contract_sets_its_price_baseline_per_base_unit() {
        fixture.givenNoPriorActivity()
                .when(submit(1, contract(line("BX", "100"))))
                .expectEvents(new RecordRegisteredEvent(ID, EntityType.CONTRACT, CT_1, contract(line("BX", "100")),
                        SOURCING), new ContractPriceBaselineSetEvent(ID, List.of(approved("BX", "100", 10)), null,
                        SOURCING));
    }

    @Test
    void an_applied_price_is_no_baseline_for_the_next_one() {
        fixture.given(new RecordRegisteredEvent(ID, EntityType.CONTRACT, CT_1, contract(line("EA", "100")), SOURCING),
                        new ContractPriceBaselineSetEvent(ID, List.of(approved("EA", "100", 1)), null, SOURCING),
                        new RecordChangedEvent(ID, EntityType.CONTRACT, new SourceRef(SourceSystem.SOURCING, "CT-1",
                                2L), List.of("lines"), lines(line("EA", "104.9")), lines(line("EA", "100")), SOURCING))
                .when(submit(3, lines(line("EA", "110.04"))))
                .expectEvents(new ChangeHeldForApprovalEvent(ID, EntityType.CONTRACT,
                        new SourceRef(SourceSystem.SOURCING, "CT-1", 3L), List.of(new HeldAttribute("lines", "pricing",
                        1, false)), lines(line("EA", "110.04")), lines(line("EA", "104.9")), SOURCING, "cr-3"));
    }

    @Test
    void an_approval_of_the_lines_sets_the_new_baseline() {
        ChangeHeldForApprovalEvent held = new ChangeHeldForApprovalEvent(ID, EntityType.CONTRACT,
                new SourceRef(SourceSystem.SOURCING, "CT-1", 2L), List.of(new HeldAttribute("lines", "pricing", 1,
                false)), lines(line("EA", "120")), lines(line("EA", "100")), SOURCING, "cr-2");
        fixture.given(new RecordRegisteredEvent(ID, EntityType.CONTRACT, CT_1, contract(line("EA", "100")), SOURCING),
                        new ContractPriceBaselineSetEvent(ID, List.of(approved("EA", "100", 1)), null, SOURCING),
                        held)
                .when(approve("cr-2"))
                .expectEvents(new RecordChangedEvent(ID, EntityType.CONTRACT, held.source(), List.of("lines"),
                                lines(line("EA", "120")), lines(line("EA", "100")), CARL, "cr-2"),
                        new ContractPriceBaselineSetEvent(ID, List.of(approved("EA", "120", 1)), "cr-2", CARL));
    }

    @Test
    void a_contract_stored_before_baselines_were_kept_takes_its_current_prices_as_baseline() {
        // the events of a contract as stored before this change: no baseline event
        fixture.given(new RecordRegisteredEvent(ID, EntityType.CONTRACT, CT_1, contract(line("EA", "100")), SOURCING))
                .when(submit(2, lines(line("EA", "110"))))
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                Matchers.equalTo(new ContractPriceBaselineSetEvent(ID,
                                        List.of(approved("EA", "100", 1)), null, SOURCING)),
                                Matchers.instanceOf(ChangeHeldForApprovalEvent.class),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    private org.axonframework.test.aggregate.TestExecutor<GovernedRecord> givenABoxPricedAt100WhenBoxesHeld10() {
        return fixture.given(new RecordRegisteredEvent(ID, EntityType.CONTRACT, CT_1, contract(line("BX", "100")),
                SOURCING), new ContractPriceBaselineSetEvent(ID, List.of(approved("BX", "100", 10)), null, SOURCING));
    }

    @Test
    void a_packaging_change_that_keeps_the_prices_per_base_unit_within_the_threshold_holds_nothing() {
        perBox = 10;
        givenABoxPricedAt100WhenBoxesHeld10()
                .when(recheck())
                .expectNoEvents();
    }

    @Test
    void a_packaging_change_that_moves_a_price_per_base_unit_holds_the_lines() {
        perBox = 12;
        givenABoxPricedAt100WhenBoxesHeld10()
                .when(recheck())
                .expectEvents(new ChangeHeldForApprovalEvent(ID, EntityType.CONTRACT,
                        new SourceRef(SourceSystem.STEWARD, "ian.item", null), List.of(new HeldAttribute("lines",
                        "pricing", 1, false)), lines(line("BX", "100")), lines(line("BX", "100")),
                        Actor.user("ian.item"), "cr-recheck",
                        "the approved packaging change of item i-1 moved a price: " + MOVED_PRICE))
                .expectResultMessagePayload(MOVED_PRICE);
    }
}
