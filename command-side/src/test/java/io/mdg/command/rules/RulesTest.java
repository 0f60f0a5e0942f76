package io.mdg.command.rules;

import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.matches;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.api.Actor;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.rules.ApproveRulesChangeCommand;
import io.mdg.api.rules.OfferRulesFileCommand;
import io.mdg.api.rules.ProposeRulesChangeCommand;
import io.mdg.api.rules.RejectRulesChangeCommand;
import io.mdg.api.rules.RulesAdoptedEvent;
import io.mdg.api.rules.RulesChangeApprovedEvent;
import io.mdg.api.rules.RulesChangeProposedEvent;
import io.mdg.api.rules.RulesChangeRejectedEvent;
import io.mdg.api.rules.RulesCommand;
import io.mdg.api.rules.RulesFileOffered;
import io.mdg.command.record.CommandRefusedException;
import io.mdg.command.routing.PayloadTargetResolver;
import io.mdg.rules.file.RulesContent;
import io.mdg.rules.file.RulesFile;

/**
 * The governance rules as an aggregate: the first rules are adopted directly, every later change is a proposal that
 * another admin approves (four eyes), checked whole and for safety, refused when stale.
 */
class RulesTest {

    private static final String ID = RulesCommand.RULES_ID;
    private static final Actor ADA = Actor.user("ada.admin");
    private static final Actor ABE = Actor.user("abe.admin");
    private static final String SHIPPED = shipped();
    private static final String SHIPPED_HASH = RulesContent.hash(SHIPPED);
    private static final String VERSION = RulesFile.loadDefault().policy().version();
    /** Stricter than shipped: the legal identity needs two approvals. */
    private static final String STRICTER = SHIPPED.replace("version: \"" + VERSION + "\"", "version: \"stricter.1\"")
            .replace("legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 1 }",
                    "legal-identity: { attributes: [legalName, taxId], owners: [ERP], risk: HIGH, approvals: 2 }");
    private static final String STRICTER_HASH = RulesContent.hash(STRICTER);

    private AggregateTestFixture<Rules> fixture;

    static String shipped() {
        try (InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Rules.class);
        fixture.registerCommandTargetResolver(new PayloadTargetResolver<>(RulesCommand.class, RulesCommand::rulesId));
    }

    private RulesAdoptedEvent adopted() {
        return new RulesAdoptedEvent(ID, SHIPPED, VERSION, SHIPPED_HASH, "shipped", Instant.parse("2026-12-01T00:00:00Z"),
                Rules.STARTUP);
    }

    private RulesChangeProposedEvent proposed(String changeId, Actor by) {
        return new RulesChangeProposedEvent(ID, changeId, STRICTER, "stricter.1", STRICTER_HASH, VERSION, SHIPPED_HASH,
                "diff", "two approvals for the legal identity", by);
    }

    private static org.hamcrest.Matcher<Object> refused(ErrorCode code, String reason) {
        return matches(details -> details instanceof MdgErrorDetails d && d.code() == code
                && d.message().contains(reason));
    }

    @Test
    void theFirstRulesFileIsAdoptedDirectly() {
        fixture.givenNoPriorActivity()
                .when(new OfferRulesFileCommand(ID, "c-0", SHIPPED, "shipped"))
                .expectEvents(new RulesAdoptedEvent(ID, SHIPPED, VERSION, SHIPPED_HASH, "shipped",
                        fixture.currentTime(), Rules.STARTUP))
                .expectResultMessagePayload(new RulesFileOffered(RulesFileOffered.Outcome.ADOPTED, null,
                        SHIPPED_HASH));
    }

    @Test
    void aRulesFileLikeTheRulesInForceChangesNothingEvenReformatted() {
        fixture.given(adopted())
                .when(new OfferRulesFileCommand(ID, "c-1", SHIPPED.replace("# ", "#  ") + "\n# edited\n", "file"))
                .expectNoEvents()
                .expectResultMessagePayload(new RulesFileOffered(RulesFileOffered.Outcome.IN_FORCE, null,
                        SHIPPED_HASH));
    }

    @Test
    void aRulesFileThatDiffersAtStartUpBecomesAProposalNotTheRules() {
        fixture.given(adopted())
                .when(new OfferRulesFileCommand(ID, "c-1", STRICTER, "/etc/mdg/rules.yaml"))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(e ->
                        e instanceof RulesChangeProposedEvent p && p.changeId().equals("c-1")
                                && p.proposer().equals(Rules.STARTUP) && p.hash().equals(STRICTER_HASH)
                                && p.baseHash().equals(SHIPPED_HASH)
                                && p.diff().contains("-      legal-identity: { attributes: [legalName, taxId], owners:"
                                        + " [ERP], risk: HIGH, approvals: 1 }")
                                && p.diff().contains("+version: \"stricter.1\"")), andNoMore())))
                .expectResultMessagePayload(new RulesFileOffered(RulesFileOffered.Outcome.PROPOSED, "c-1",
                        STRICTER_HASH));
        fixture.given(adopted(), proposed("c-1", Rules.STARTUP))
                .when(new OfferRulesFileCommand(ID, "c-2", STRICTER, "/etc/mdg/rules.yaml"))
                .expectNoEvents()
                .expectResultMessagePayload(new RulesFileOffered(RulesFileOffered.Outcome.ALREADY_PROPOSED, "c-1",
                        STRICTER_HASH));
    }

    @Test
    void anAdminsProposalIsRecordedWithItsDiffAndChangesNothingYet() {
        fixture.given(adopted())
                .when(new ProposeRulesChangeCommand(ID, "c-1", STRICTER, "two approvals for the legal identity", ADA))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(matches(e ->
                        e instanceof RulesChangeProposedEvent p && p.proposer().equals(ADA)
                                && p.version().equals("stricter.1") && p.baseVersion().equals(VERSION)
                                && p.diff().startsWith("--- rules in force")), andNoMore())))
                .expectResultMessagePayload("c-1");
    }

    @Test
    void theProposerCannotApproveTheirOwnRulesChange() {
        fixture.given(adopted(), proposed("c-1", ADA))
                .when(new ApproveRulesChangeCommand(ID, "c-1", ADA, Duration.ofSeconds(5)))
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(refused(ErrorCode.FORBIDDEN, "FOUR_EYES"))
                .expectNoEvents();
    }

    @Test
    void aSecondAdminsApprovalPutsTheRulesInForceAfterThePropagationDelay() {
        fixture.given(adopted(), proposed("c-1", ADA))
                .when(new ApproveRulesChangeCommand(ID, "c-1", ABE, Duration.ofSeconds(5)))
                .expectEvents(new RulesChangeApprovedEvent(ID, "c-1", STRICTER, "stricter.1", STRICTER_HASH,
                        fixture.currentTime().plusSeconds(5), ADA, ABE))
                .expectResultMessagePayload(fixture.currentTime().plusSeconds(5));
    }

    @Test
    void aProposalMadeAgainstRulesNoLongerInForceIsRefusedAsStale() {
        String other = STRICTER.replace("pageSize: 500", "pageSize: 400");
        RulesChangeProposedEvent second = new RulesChangeProposedEvent(ID, "c-2", other, "stricter.1",
                RulesContent.hash(other), VERSION, SHIPPED_HASH, "diff", null, ADA);
        fixture.given(adopted(), proposed("c-1", ADA), second,
                        new RulesChangeApprovedEvent(ID, "c-1", STRICTER, "stricter.1", STRICTER_HASH,
                                Instant.parse("2026-12-02T00:00:00Z"), ADA, ABE))
                .when(new ApproveRulesChangeCommand(ID, "c-2", ABE, Duration.ofSeconds(5)))
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(refused(ErrorCode.CONFLICT, "STALE_RULES_CHANGE"))
                .expectNoEvents();
    }

    @Test
    void aRejectedProposalCannotBeApprovedAfterwards() {
        fixture.given(adopted(), proposed("c-1", ADA))
                .when(new RejectRulesChangeCommand(ID, "c-1", "not now", ABE))
                .expectEvents(new RulesChangeRejectedEvent(ID, "c-1", "not now", ABE));
        fixture.given(adopted(), proposed("c-1", ADA), new RulesChangeRejectedEvent(ID, "c-1", "not now", ABE))
                .when(new ApproveRulesChangeCommand(ID, "c-1", ABE, Duration.ofSeconds(5)))
                .expectExceptionDetails(refused(ErrorCode.CONFLICT, "NOT_OPEN"))
                .expectNoEvents();
    }

    @Test
    void malformedRulesAreRefusedWithEveryProblem() {
        fixture.given(adopted())
                .when(new ProposeRulesChangeCommand(ID, "c-1", "version: \"x\"\nentities: {}\nbogus: 1\n", null, ADA))
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(matches(details -> details instanceof MdgErrorDetails d
                        && d.code() == ErrorCode.VALIDATION_FAILED && d.fieldErrors().size() >= 5
                        && d.message().contains("entities.SUPPLIER: is missing")))
                .expectNoEvents();
    }

    @Test
    void aChangeRemovingEveryApprovalFromBankDetailsIsRefusedAsUnsafe() {
        String unsafe = SHIPPED.replace("""
                      banking:
                        attributes: [bankAccount]
                        owners: [ERP]
                        risk: HIGH
                        steps:
                          - { role: supplier-steward, approvals: 1 }
                          - { role: finance-controller, approvals: 1 }
                        evidenceRequired: true
                        heldOnCreation: true
                """, """
                      banking:
                        attributes: [bankAccount]
                        owners: [ERP]
                        risk: LOW
                """);
        fixture.given(adopted())
                .when(new ProposeRulesChangeCommand(ID, "c-1", unsafe, "faster onboarding", ADA))
                .expectException(CommandRefusedException.class)
                .expectExceptionDetails(refused(ErrorCode.VALIDATION_FAILED, "UNSAFE_RULES_CHANGE"))
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("banking (bankAccount): must stay HIGH"))
                .expectNoEvents();
    }

    @Test
    void proposingTheRulesInForceIsAConflict() {
        fixture.given(adopted())
                .when(new ProposeRulesChangeCommand(ID, "c-1", SHIPPED + "\n# only a comment\n", null, ADA))
                .expectExceptionDetails(refused(ErrorCode.CONFLICT, "RULES_UNCHANGED"))
                .expectNoEvents();
    }
}
