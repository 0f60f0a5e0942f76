package io.mdg.query.changerequest;

import static io.mdg.query.support.Events.ERP_CLIENT;
import static io.mdg.query.support.Events.T1;
import static io.mdg.query.support.Events.T2;
import static io.mdg.query.support.Events.T3;
import static io.mdg.query.support.Events.T4;
import static io.mdg.query.support.Events.erp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.ApprovalStep;
import io.mdg.api.changerequest.ApprovalStepView;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestApprovalRecordedEvent;
import io.mdg.api.changerequest.ChangeRequestApprovedEvent;
import io.mdg.api.changerequest.ChangeRequestEscalatedEvent;
import io.mdg.api.changerequest.ChangeRequestExpiredEvent;
import io.mdg.api.changerequest.ChangeRequestOpenedEvent;
import io.mdg.api.changerequest.ChangeRequestRejectedEvent;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.ChangeRequestWithdrawnEvent;
import io.mdg.api.changerequest.DecisionView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.query.support.ReadModels;
import io.mdg.rules.file.RulesFile;

/**
 * The change-request projection and queries on a {@link ChangeRequestReadModel}: the contract every adapter passes
 * ({@link MemoryChangeRequestProjectionTest}, {@link MongoChangeRequestProjectionTest}).
 */
abstract class ChangeRequestProjectionContract {

    private static final BankAccount OLD = new BankAccount("Acme", "First Bank", "021000021", "123456789", null, "USD");
    private static final BankAccount NEW = new BankAccount("Acme", "Other Bank", "011000015", "99999999", null, "USD");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor SUE = Actor.user("sue.supplier");
    private static final Actor STAN = Actor.user("stan.supplier");
    private static final Actor IAN = Actor.user("ian.item");

    private ReadModels models;
    private ChangeRequestReadModel store;
    private ChangeRequestProjection projection;
    private ChangeRequestQueries queries;

    /** The read models under test. */
    abstract ReadModels start();

    @BeforeEach
    void startModels() {
        models = start();
        store = models.changeRequests();
        projection = new ChangeRequestProjection(store);
        queries = new ChangeRequestQueries(store, InForce.always(RulesFile.loadDefault().limits()));
    }

    @AfterEach
    void stop() {
        models.close();
    }

    private static SupplierAttributes bank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private void openSupplier(String id, String recordId, Actor requester, int approvals, Instant at) {
        projection.on(new ChangeRequestOpenedEvent(id, EntityType.SUPPLIER, recordId, List.of("bankAccount"),
                List.of("payment"), bank(NEW), bank(OLD), erp("V-1", 2), requester, "new bank", approvals, true,
                "supplier-steward", at.plusSeconds(86_400)), 0, at, "corr-open-" + id);
    }

    private void openItem(String id, String recordId, Actor requester, Instant at) {
        projection.on(new ChangeRequestOpenedEvent(id, EntityType.ITEM, recordId, List.of("description"),
                List.of("identity"), ItemAttributes.described("Glove XL"), ItemAttributes.described("Glove"),
                new SourceRef(SourceSystem.STEWARD, id, null), requester, "typo", 1, false, "item-steward",
                at.plusSeconds(3_600)), 0, at, null);
    }

    private ChangeRequestView find(String id) {
        return queries.handle(new FindChangeRequestQuery(id)).orElseThrow();
    }

    private List<String> list(ListChangeRequestsQuery query) {
        return queries.handle(query).stream().map(ChangeRequestView::id).toList();
    }

    private static ListChangeRequestsQuery awaiting(String decider, String... roles) {
        return new ListChangeRequestsQuery(null, null, null, null, decider, Set.of(roles), null, 50);
    }

    @Test
    void an_opened_request_is_pending_with_all_its_fields() {
        openSupplier("cr-1", "s-1", ERP_CLIENT, 2, T1);

        ChangeRequestView view = find("cr-1");
        assertThat(view).isEqualTo(new ChangeRequestView("cr-1", EntityType.SUPPLIER, "s-1",
                ChangeRequestStatus.PENDING, List.of("bankAccount"), List.of("payment"), bank(NEW), bank(OLD),
                erp("V-1", 2), ERP_CLIENT, "new bank", 2, 0, true, "supplier-steward", T1, T1.plusSeconds(86_400),
                null, null, List.of(new DecisionView("OPENED", ERP_CLIENT, T1, "new bank", null, "corr-open-cr-1"))));
        assertThat(queries.handle(new FindChangeRequestQuery("nope"))).isEmpty();
    }

    @Test
    void an_erased_contact_is_erased_from_every_request_of_its_supplier_and_from_no_other() {
        io.mdg.api.model.Contact kept = new io.mdg.api.model.Contact("Kim Keep", "sales", "kim@acme.example", null,
                "p-keep", null);
        io.mdg.api.model.Contact gone = new io.mdg.api.model.Contact("Eve Erase", "recalls", "eve@acme.example",
                "+1 555 0100", "p-gone", null);
        SupplierAttributes proposed = new SupplierAttributes(null, null, null, null, null, null, null, null,
                List.of(kept, gone), null);
        SupplierAttributes before = new SupplierAttributes(null, null, null, null, null, null, null, null,
                List.of(gone), null);
        for (String[] request : new String[][] {{"cr-1", "s-1"}, {"cr-2", "s-1"}, {"cr-3", "s-2"}}) {
            projection.on(new ChangeRequestOpenedEvent(request[0], EntityType.SUPPLIER, request[1],
                    List.of("contacts"), List.of("contacts"), proposed, before, erp(request[1], 2), ERP_CLIENT,
                    "new contact", 1, false, "supplier-steward", T1.plusSeconds(86_400)), 0, T1, null);
        }

        projection.on(new io.mdg.api.record.ContactErasedEvent("s-1", EntityType.SUPPLIER, "p-gone", "request",
                Actor.user("ada.admin"), false));

        for (String id : List.of("cr-1", "cr-2")) {
            ChangeRequestView view = find(id);
            assertThat(((SupplierAttributes) view.proposed()).contacts())
                    .containsExactly(kept, io.mdg.api.model.Contact.erased("p-gone"));
            assertThat(((SupplierAttributes) view.before()).contacts())
                    .containsExactly(io.mdg.api.model.Contact.erased("p-gone"));
            assertThat(view.toString()).doesNotContain("Eve Erase").doesNotContain("eve@acme.example")
                    .doesNotContain("0100");
        }
        // another supplier's person with the same id is not touched (person ids are per supplier anyway)
        assertThat(((SupplierAttributes) find("cr-3").proposed()).contacts()).containsExactly(kept, gone);
    }

    @Test
    void two_approvals_then_applied() {
        openSupplier("cr-1", "s-1", ERP_CLIENT, 2, T1);
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", SAM, "ok", "called back +1 555", 1, 2), 1, T2,
                "corr-a1");
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", SUE, null, "called back again", 2, 2), 2, T3,
                "corr-a2");
        projection.on(new ChangeRequestApprovedEvent("cr-1", EntityType.SUPPLIER, "s-1"), 3, T3, "corr-a2");

        ChangeRequestView view = find("cr-1");
        assertThat(view.status()).isEqualTo(ChangeRequestStatus.APPROVED);
        assertThat(view.approvals()).isEqualTo(2);
        assertThat(view.closedAt()).isEqualTo(T3);
        assertThat(view.decisions()).containsExactly(
                new DecisionView("OPENED", ERP_CLIENT, T1, "new bank", null, "corr-open-cr-1"),
                new DecisionView("APPROVED", SAM, T2, "ok", "called back +1 555", "corr-a1", 1),
                new DecisionView("APPROVED", SUE, T3, null, "called back again", "corr-a2", 1),
                new DecisionView("APPLIED", SUE, T3, null, null, "corr-a2"));
    }

    @Test
    void rejected_withdrawn_superseded_and_expired_requests_are_closed() {
        openSupplier("cr-1", "s-1", ERP_CLIENT, 1, T1);
        openSupplier("cr-2", "s-2", SAM, 1, T1);
        openSupplier("cr-3", "s-3", ERP_CLIENT, 1, T1);
        openSupplier("cr-4", "s-4", ERP_CLIENT, 2, T1);
        projection.on(new ChangeRequestRejectedEvent("cr-1", SUE, "no call-back"), 1, T2, "c1");
        projection.on(new ChangeRequestWithdrawnEvent("cr-2", SAM, "mistake", null), 1, T2, "c2");
        // (a supersede as stored before SUPERSEDED existed: a withdrawal naming the later request)
        projection.on(new ChangeRequestWithdrawnEvent("cr-3", new Actor(Actor.ActorType.SYSTEM, "mdg"),
                "superseded", "cr-9"), 1, T3, "c3");
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-4", SUE, null, "cb", 1, 2), 1, T2, null);
        projection.on(new ChangeRequestExpiredEvent("cr-4", EntityType.SUPPLIER, "s-4", T4, 1, "supplier-steward"),
                2, T4, null);

        assertThat(find("cr-1").status()).isEqualTo(ChangeRequestStatus.REJECTED);
        assertThat(find("cr-1").decisions().get(1)).isEqualTo(new DecisionView("REJECTED", SUE, T2, "no call-back",
                null, "c1"));
        assertThat(find("cr-2").status()).isEqualTo(ChangeRequestStatus.WITHDRAWN);
        assertThat(find("cr-2").supersededBy()).isNull();
        assertThat(find("cr-3").status()).isEqualTo(ChangeRequestStatus.SUPERSEDED);
        assertThat(find("cr-3").decisions().get(1).kind()).isEqualTo("SUPERSEDED");
        assertThat(find("cr-3").supersededBy()).isEqualTo("cr-9");
        assertThat(find("cr-3").closedAt()).isEqualTo(T3);
        ChangeRequestView expired = find("cr-4");
        assertThat(expired.status()).isEqualTo(ChangeRequestStatus.EXPIRED);
        assertThat(expired.approvals()).isEqualTo(1);
        assertThat(expired.closedAt()).isEqualTo(T4);
        assertThat(expired.decisions()).extracting(DecisionView::kind).containsExactly("OPENED", "APPROVED", "EXPIRED");
        assertThat(expired.decisions().get(2).actor().type()).isEqualTo(Actor.ActorType.SYSTEM);
    }

    @Test
    void a_request_superseded_by_the_source_stating_the_current_value_again_is_superseded_naming_it() {
        openSupplier("cr-5", "s-5", ERP_CLIENT, 2, T1);
        projection.on(new ChangeRequestWithdrawnEvent("cr-5", new Actor(Actor.ActorType.SYSTEM, "mdg"),
                "superseded by the newer submission of ERP:V-1 version 3 (it states the current value again)", null,
                erp("V-1", 3)), 1, T2, "c5");

        ChangeRequestView request = find("cr-5");
        assertThat(request.status()).isEqualTo(ChangeRequestStatus.SUPERSEDED);
        assertThat(request.supersededBy()).isNull();
        assertThat(request.closedAt()).isEqualTo(T2);
        assertThat(request.decisions().get(1).kind()).isEqualTo("SUPERSEDED");
        assertThat(request.decisions().get(1).comment()).contains("ERP:V-1 version 3");
    }

    @Test
    void redelivered_events_change_nothing() {
        openSupplier("cr-1", "s-1", ERP_CLIENT, 2, T1);
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", SAM, "ok", "cb", 1, 2), 1, T2, "a1");
        ChangeRequestView once = find("cr-1");

        openSupplier("cr-1", "s-1", ERP_CLIENT, 2, T1);
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", SAM, "ok", "cb", 1, 2), 1, T2, "a1");
        assertThat(find("cr-1")).isEqualTo(once);
        assertThat(find("cr-1").decisions()).hasSize(2);
    }

    @Test
    void an_event_of_an_unknown_request_fails_rather_than_being_lost() {
        assertThatThrownBy(() -> projection.on(new ChangeRequestRejectedEvent("cr-x", SUE, "no"), 1, T2, null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void lists_newest_first_with_filters_and_paging() {
        openSupplier("cr-1", "s-1", ERP_CLIENT, 1, T1);
        openSupplier("cr-2", "s-1", SAM, 1, T2);
        openSupplier("cr-3", "s-2", SAM, 1, T2);
        openItem("cr-4", "i-1", IAN, T3);
        projection.on(new ChangeRequestRejectedEvent("cr-2", SUE, "no"), 1, T3, null);

        assertThat(list(new ListChangeRequestsQuery(null, null, null, null, null, null, null, 0)))
                .containsExactly("cr-4", "cr-3", "cr-2", "cr-1");
        assertThat(list(new ListChangeRequestsQuery(ChangeRequestStatus.PENDING, null, null, null, null, null, null,
                50))).containsExactly("cr-4", "cr-3", "cr-1");
        assertThat(list(new ListChangeRequestsQuery(null, EntityType.SUPPLIER, null, null, null, null, null, 50)))
                .containsExactly("cr-3", "cr-2", "cr-1");
        assertThat(list(new ListChangeRequestsQuery(null, null, "sam.supplier", null, null, null, null, 50)))
                .containsExactly("cr-3", "cr-2");
        assertThat(list(new ListChangeRequestsQuery(null, null, null, "s-1", null, null, null, 50)))
                .containsExactly("cr-2", "cr-1");

        assertThat(list(new ListChangeRequestsQuery(null, null, null, null, null, null, null, 2)))
                .containsExactly("cr-4", "cr-3");
        assertThat(list(new ListChangeRequestsQuery(null, null, null, null, null, null, "cr-3", 2)))
                .containsExactly("cr-2", "cr-1");
        assertThat(list(new ListChangeRequestsQuery(null, null, null, null, null, null, "cr-1", 2))).isEmpty();
        assertThat(list(new ListChangeRequestsQuery(null, null, null, null, null, null, "unknown", 2))).isEmpty();
    }

    @Test
    void awaiting_my_decision_means_pending_of_my_domain_not_mine_and_not_yet_approved_by_me() {
        openSupplier("cr-1", "s-1", ERP_CLIENT, 2, T1);   // pending, supplier domain
        openSupplier("cr-2", "s-2", SAM, 1, T2);          // requested by sam
        openSupplier("cr-3", "s-3", ERP_CLIENT, 2, T3);   // sam approved already
        openItem("cr-4", "i-1", IAN, T3);                 // another domain
        openSupplier("cr-5", "s-5", ERP_CLIENT, 1, T4);   // rejected
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-3", SAM, null, "cb", 1, 2), 1, T3, null);
        projection.on(new ChangeRequestRejectedEvent("cr-5", SUE, "no"), 1, T4, null);

        assertThat(list(awaiting("sam.supplier", "supplier-steward"))).containsExactly("cr-1");
        assertThat(list(awaiting("sue.supplier", "supplier-steward"))).containsExactly("cr-3", "cr-2", "cr-1");
        assertThat(list(awaiting("stan.supplier", "supplier-steward", "item-steward")))
                .containsExactly("cr-4", "cr-3", "cr-2", "cr-1");
        assertThat(list(awaiting("ian.item", "item-steward"))).isEmpty();
        assertThat(list(awaiting("audrey.auditor", "auditor"))).isEmpty();
        assertThat(list(awaiting("sam.supplier"))).isEmpty();
        assertThat(list(new ListChangeRequestsQuery(null, EntityType.ITEM, null, null, STAN.name(),
                Set.of("supplier-steward", "item-steward"), null, 50))).containsExactly("cr-4");
    }

    @Test
    void the_reset_handler_drops_the_collection() {
        openSupplier("cr-1", "s-1", ERP_CLIENT, 1, T1);
        projection.reset();
        assertThat(queries.handle(new FindChangeRequestQuery("cr-1"))).isEmpty();
        openSupplier("cr-1", "s-1", ERP_CLIENT, 1, T1);
        assertThat(find("cr-1").status()).isEqualTo(ChangeRequestStatus.PENDING);
    }

    private void openInSteps(String id, String recordId, Actor requester, Instant at, ApprovalStep... steps) {
        List<ApprovalStep> list = List.of(steps);
        projection.on(new ChangeRequestOpenedEvent(id, EntityType.SUPPLIER, recordId, List.of("bankAccount"),
                List.of("banking"), bank(NEW), bank(OLD), erp("V-1", 2), requester, "new bank",
                ApprovalStep.total(list), true, list.get(0).role(), at.plusSeconds(86_400), ChangeAction.ATTRIBUTES,
                null, null, list), 0, at, null);
    }

    private static final ApprovalStep CHECK = new ApprovalStep("supplier-steward", 1);
    private static final ApprovalStep RELEASE = new ApprovalStep("finance-controller", 1);
    private static final Actor FAY = Actor.user("fay.finance");

    @Test
    void a_request_in_steps_shows_each_step_with_its_approvals_and_moves_to_the_next_when_one_is_complete() {
        openInSteps("cr-1", "s-1", ERP_CLIENT, T1, CHECK, RELEASE);

        ChangeRequestView opened = find("cr-1");
        assertThat(opened.steps()).containsExactly(new ApprovalStepView("supplier-steward", 1, 0, List.of()),
                new ApprovalStepView("finance-controller", 1, 0, List.of()));
        assertThat(opened.currentStep()).isEqualTo(1);
        assertThat(opened.approverRole()).isEqualTo("supplier-steward");
        assertThat(opened.approvalsRequired()).isEqualTo(2);

        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", SAM, "ok", "called back", 1, 2, 1,
                "supplier-steward"), 1, T2, "a1");
        ChangeRequestView checked = find("cr-1");
        assertThat(checked.steps()).containsExactly(
                new ApprovalStepView("supplier-steward", 1, 1, List.of("sam.supplier")),
                new ApprovalStepView("finance-controller", 1, 0, List.of()));
        assertThat(checked.currentStep()).isEqualTo(2);
        assertThat(checked.approverRole()).isEqualTo("finance-controller");
        assertThat(checked.decisions().get(1)).isEqualTo(new DecisionView("APPROVED", SAM, T2, "ok", "called back",
                "a1", 1));

        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", FAY, "released", null, 2, 2, 2,
                "finance-controller"), 2, T3, "a2");
        projection.on(new ChangeRequestApprovedEvent("cr-1", EntityType.SUPPLIER, "s-1"), 3, T3, "a2");
        ChangeRequestView approved = find("cr-1");
        assertThat(approved.status()).isEqualTo(ChangeRequestStatus.APPROVED);
        assertThat(approved.steps().get(1)).isEqualTo(new ApprovalStepView("finance-controller", 1, 1,
                List.of("fay.finance")));
        assertThat(approved.currentStep()).isEqualTo(2);
        assertThat(approved.decisions()).extracting(DecisionView::step).containsExactly(null, 1, 2, null);
    }

    @Test
    void the_inbox_shows_a_request_to_its_current_steps_role_only_and_never_to_its_approver_or_requester() {
        openInSteps("cr-1", "s-1", ERP_CLIENT, T1, CHECK, RELEASE);
        openInSteps("cr-2", "s-2", FAY, T2, CHECK, RELEASE);        // requested by fay

        assertThat(list(awaiting("sam.supplier", "supplier-steward"))).containsExactly("cr-2", "cr-1");
        assertThat(list(awaiting("fred.finance", "finance-controller"))).isEmpty();

        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", SAM, null, "cb", 1, 2, 1, "supplier-steward"),
                1, T3, null);
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-2", SAM, null, "cb", 1, 2, 1, "supplier-steward"),
                1, T3, null);

        assertThat(list(awaiting("sue.supplier", "supplier-steward"))).isEmpty();
        assertThat(list(awaiting("fred.finance", "finance-controller"))).containsExactly("cr-2", "cr-1");
        assertThat(list(awaiting("fay.finance", "finance-controller"))).containsExactly("cr-1");
        // sam holds both roles here: he approved the check, so the release is not his
        assertThat(list(awaiting("sam.supplier", "supplier-steward", "finance-controller"))).isEmpty();
        assertThat(list(awaiting("pat.procure", "supplier-steward", "finance-controller")))
                .containsExactly("cr-2", "cr-1");
    }

    private static ListChangeRequestsQuery awaitingAsDelegate(String decider, Set<String> roles,
                                                              io.mdg.api.delegation.ApprovalDelegation... delegations) {
        return new ListChangeRequestsQuery(null, null, null, null, decider, roles, null, 50, List.of(delegations));
    }

    @Test
    void a_delegates_inbox_shows_the_delegated_steps_that_neither_they_nor_the_delegator_requested_or_approved() {
        io.mdg.api.delegation.ApprovalDelegation forFay = new io.mdg.api.delegation.ApprovalDelegation("d-1",
                "fay.finance", "finance-controller", T1, T1.plusSeconds(86_400));
        openInSteps("cr-1", "s-1", ERP_CLIENT, T1, CHECK, RELEASE);
        openInSteps("cr-2", "s-2", FAY, T2, CHECK, RELEASE);        // requested by the delegator
        openInSteps("cr-3", "s-3", SUE, T2.plusSeconds(1), CHECK, RELEASE);  // requested by the delegate
        openInSteps("cr-4", "s-4", ERP_CLIENT, T2.plusSeconds(2), CHECK, RELEASE);  // checked by the delegate
        for (String id : List.of("cr-1", "cr-2", "cr-3")) {
            projection.on(new ChangeRequestApprovalRecordedEvent(id, SAM, null, "cb", 1, 2, 1, "supplier-steward"),
                    1, T3, null);
        }
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-4", SUE, null, "cb", 1, 2, 1, "supplier-steward"),
                1, T3, null);

        assertThat(list(awaitingAsDelegate("sue.supplier", Set.of("supplier-steward"), forFay)))
                .containsExactly("cr-1");
        assertThat(list(awaitingAsDelegate("sue.supplier", Set.of(), forFay))).containsExactly("cr-1");

        // released by sue for fay: the decision names both, and it counts for fay too
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", SUE, "released", null, 2, 2, 2,
                "finance-controller", "fay.finance", "d-1"), 2, T3, "a2");
        assertThat(find("cr-1").decisions().get(2)).isEqualTo(new DecisionView("APPROVED", SUE, T3, "released",
                null, "a2", 2, "fay.finance"));
        projection.on(new ChangeRequestRejectedEvent("cr-2", Actor.user("fred.finance"), "no", "gil.governance",
                "d-9"), 2, T3, "r1");
        assertThat(find("cr-2").decisions().get(2).onBehalfOf()).isEqualTo("gil.governance");
        openInSteps("cr-5", "s-5", ERP_CLIENT, T3, new ApprovalStep("finance-controller", 2));
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-5", SUE, null, null, 1, 2, 1,
                "finance-controller", "fay.finance", "d-1"), 1, T3, null);
        assertThat(list(awaiting("fay.finance", "finance-controller"))).doesNotContain("cr-5");
        assertThat(list(awaiting("fred.finance", "finance-controller"))).contains("cr-5");
    }

    @Test
    void an_escalated_request_shows_its_escalation_and_is_in_the_escalation_roles_inbox_too() {
        openInSteps("cr-1", "s-1", ERP_CLIENT, T1, CHECK, RELEASE);
        openInSteps("cr-2", "s-2", Actor.user("gil.governance"), T1, CHECK, RELEASE); // requested by the lead
        assertThat(list(awaiting("gil.governance", "data-governance-lead"))).isEmpty();

        for (String id : List.of("cr-1", "cr-2")) {
            projection.on(new ChangeRequestEscalatedEvent(id, EntityType.SUPPLIER, "s", "data-governance-lead",
                    T2, 1, "supplier-steward", 0, T1.plusSeconds(86_400)), 1, T3, "esc-" + id);
        }
        projection.on(new ChangeRequestEscalatedEvent("cr-1", EntityType.SUPPLIER, "s", "data-governance-lead",
                T2, 1, "supplier-steward", 0, T1.plusSeconds(86_400)), 1, T3, "again"); // redelivered

        ChangeRequestView escalated = find("cr-1");
        assertThat(escalated.status()).isEqualTo(ChangeRequestStatus.PENDING);
        assertThat(escalated.escalatedTo()).isEqualTo("data-governance-lead");
        assertThat(escalated.escalatedAt()).isEqualTo(T3);
        assertThat(escalated.approverRole()).isEqualTo("supplier-steward");
        assertThat(escalated.decisions()).extracting(DecisionView::kind).containsExactly("OPENED", "ESCALATED");
        assertThat(escalated.decisions().get(1).step()).isEqualTo(1);
        assertThat(escalated.decisions().get(1).actor()).isEqualTo(new Actor(Actor.ActorType.SYSTEM, "mdg"));
        // the step's own role still sees it; the escalation role now too, never its requester
        assertThat(list(awaiting("sam.supplier", "supplier-steward"))).containsExactly("cr-2", "cr-1");
        assertThat(list(awaiting("gil.governance", "data-governance-lead"))).containsExactly("cr-1");
        assertThat(list(awaiting("lena.lead", "data-governance-lead"))).containsExactly("cr-2", "cr-1");

        // an approval by the lead counts for the current step, and the lead no longer sees it
        projection.on(new ChangeRequestApprovalRecordedEvent("cr-1", Actor.user("lena.lead"), null, "cb", 1, 2, 1,
                "supplier-steward"), 2, T4, null);
        assertThat(find("cr-1").currentStep()).isEqualTo(2);
        assertThat(find("cr-1").escalatedTo()).isEqualTo("data-governance-lead");
        assertThat(list(awaiting("lena.lead", "data-governance-lead"))).containsExactly("cr-2");
        assertThat(list(awaiting("gil.governance", "data-governance-lead"))).containsExactly("cr-1");

        projection.on(new ChangeRequestExpiredEvent("cr-2", EntityType.SUPPLIER, "s-2", T4, 0,
                "data-governance-lead"), 2, T4, null);
        assertThat(find("cr-2").decisions()).extracting(DecisionView::kind)
                .containsExactly("OPENED", "ESCALATED", "EXPIRED");
        assertThat(list(awaiting("lena.lead", "data-governance-lead"))).isEmpty();
    }
}
