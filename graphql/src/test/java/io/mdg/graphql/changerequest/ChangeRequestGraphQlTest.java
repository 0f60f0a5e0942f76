package io.mdg.graphql.changerequest;

import static io.mdg.graphql.Fixtures.ACME_BANK;
import static io.mdg.graphql.Fixtures.T1;
import static io.mdg.graphql.Fixtures.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.DecisionView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.changerequest.ListChangeRequestsQuery;
import io.mdg.api.changerequest.ProposeChangeCommand;
import io.mdg.api.changerequest.RejectChangeRequestCommand;
import io.mdg.api.changerequest.WithdrawChangeRequestCommand;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.submission.FieldError;
import io.mdg.graphql.EdgeTest;
import io.mdg.graphql.Fixtures;

/** Change requests over GraphQL: commands with actor and roles, refusals with their rule, masking, Relay paging. */
class ChangeRequestGraphQlTest extends EdgeTest {

    private static final BankAccount NEW_BANK = new BankAccount("Acme Medical Inc.", "Other Bank", "011000015",
            "99999999", null, "USD");
    private static final Actor ERP = Actor.client("erp");
    private static final Actor SAM = Actor.user("sam.supplier");
    private static final Actor SUE = Actor.user("sue.supplier");

    private static SupplierAttributes bank(BankAccount account) {
        return new SupplierAttributes(null, null, null, null, null, null, null, account, null, null);
    }

    private static ChangeRequestView request(String id, ChangeRequestStatus status, Actor requester,
                                             List<DecisionView> decisions) {
        return new ChangeRequestView(id, EntityType.SUPPLIER, "s-1", status, List.of("bankAccount"),
                List.of("payment"), bank(NEW_BANK), bank(ACME_BANK), new SourceRef(SourceSystem.ERP, "V-1001", 8L),
                requester, "new bank", 2, (int) decisions.stream().filter(d -> d.kind().equals("APPROVED")).count(),
                true, "supplier-steward", T1, T2, status == ChangeRequestStatus.PENDING ? null : T2, null, decisions);
    }

    private static ChangeRequestView opened(String id) {
        return request(id, ChangeRequestStatus.PENDING, ERP,
                List.of(new DecisionView("OPENED", ERP, T1, "new bank", null, "corr-1")));
    }

    private static ChangeRequestView approvedOnce(String id) {
        return request(id, ChangeRequestStatus.PENDING, ERP,
                List.of(new DecisionView("OPENED", ERP, T1, "new bank", null, "corr-1"),
                        new DecisionView("APPROVED", SUE, T2, "ok", "called back +1 555 0100", "corr-2")));
    }

    @SuppressWarnings("unchecked")
    private void reads(String id, Optional<?>... answers) {
        var stub = when(queryGateway.query(eq(new FindChangeRequestQuery(id)), any(ResponseType.class)));
        for (Optional<?> answer : answers) {
            stub = stub.thenReturn(CompletableFuture.completedFuture(answer));
        }
    }

    private void lists(ListChangeRequestsQuery query, List<ChangeRequestView> answer) {
        when(queryGateway.query(eq(query), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(answer));
    }

    private static CompletableFuture<Object> refused(ErrorCode code, String rule) {
        return CompletableFuture.failedFuture(new CommandExecutionException("refused", null,
                new MdgErrorDetails(code, "refused: " + rule, List.of(new FieldError("changeRequestId", rule,
                        "refused: " + rule)))));
    }

    private Object sentCommand() {
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(sent.capture());
        return payload(sent.getValue());
    }

    private static String withFields(String name) {
        return document(name) + "\n" + document("changeRequestFields");
    }

    // --- proposeChange

    @Test
    void a_supplier_steward_proposes_a_change_and_gets_the_open_request() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture("cr-7"));
        ChangeRequestView open = request("cr-7", ChangeRequestStatus.PENDING, SAM,
                List.of(new DecisionView("OPENED", SAM, T1, "new bank", null, null)));
        reads("cr-7", Optional.empty(), Optional.of(open));

        Map<String, Object> input = Map.of("type", "SUPPLIER", "recordId", "s-1", "reason", "new bank",
                "supplier", Map.of("bankAccount", Map.of("accountHolder", "Acme Medical Inc.", "bankName", "Other Bank",
                        "routingNumber", "011000015", "accountNumber", "99999999", "currency", "USD")));
        graphql("proposeChange", Map.of("input", input), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.proposeChange.id").value("cr-7"))
                .andExpect(jsonPath("$.data.proposeChange.status").value("PENDING"))
                .andExpect(jsonPath("$.data.proposeChange.requestedBy.type").value("USER"))
                .andExpect(jsonPath("$.data.proposeChange.changes[0].after").value(
                        "{\"accountHolder\":\"Acme Medical Inc.\",\"bankName\":\"Other Bank\","
                                + "\"routingNumber\":\"011000015\",\"accountNumber\":\"99999999\",\"currency\":\"USD\"}"));

        assertThat(sentCommand()).isEqualTo(new ProposeChangeCommand(EntityType.SUPPLIER, "s-1", bank(NEW_BANK),
                "new bank", SAM));
    }

    @Test
    void only_a_steward_of_the_domain_may_propose_with_the_matching_input() throws Exception {
        Map<String, Object> supplier = Map.of("legalName", "Acme 2");
        graphql("proposeChange", Map.of("input", Map.of("type", "SUPPLIER", "recordId", "s-1", "reason", "r",
                "supplier", supplier)), user("ian.item", "item-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("proposeChange", Map.of("input", Map.of("type", "SUPPLIER", "recordId", "s-1", "reason", "r",
                "supplier", supplier)), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("proposeChange", Map.of("input", Map.of("type", "SUPPLIER", "recordId", "s-1", "reason", "r",
                "item", Map.of("description", "x"))), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        graphql("proposeChange", Map.of("input", Map.of("type", "SUPPLIER", "recordId", "s-1", "reason", "r")),
                user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        graphql("proposeChange", Map.of("input", Map.of("type", "SUPPLIER", "recordId", "s-1", "reason", " ",
                "supplier", supplier)), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        verify(commandGateway, never()).send(any());
    }

    // --- approve / reject / withdraw

    @Test
    void a_steward_approves_with_actor_roles_and_note_and_gets_the_request_once_the_read_model_shows_it()
            throws Exception {
        reads("cr-1", Optional.of(opened("cr-1")), Optional.of(opened("cr-1")), Optional.of(approvedOnce("cr-1")));
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        graphql("approveChangeRequest", Map.of("id", "cr-1", "comment", "ok", "verificationNote",
                "called back +1 555 0100"), user("sue.supplier", "supplier-steward", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.approveChangeRequest.approvals").value(1))
                .andExpect(jsonPath("$.data.approveChangeRequest.decisions[1].kind").value("APPROVED"))
                .andExpect(jsonPath("$.data.approveChangeRequest.decisions[1].actor.name").value("sue.supplier"))
                .andExpect(jsonPath("$.data.approveChangeRequest.decisions[1].verificationNote")
                        .value("called back +1 555 0100"));

        assertThat(sentCommand()).isEqualTo(new ApproveChangeRequestCommand("cr-1", "ok", "called back +1 555 0100",
                SUE, Set.of("supplier-steward", "analyst")));
    }

    @Test
    void a_refusal_of_the_change_request_reaches_the_client_with_its_rule() throws Exception {
        reads("cr-1", Optional.of(opened("cr-1")));
        when(commandGateway.send(any())).thenReturn(refused(ErrorCode.FORBIDDEN, "SELF_APPROVAL"));

        graphql("approveChangeRequest", Map.of("id", "cr-1"), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.data.approveChangeRequest").value(nullValue()))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.errors[0].extensions.reason").value("SELF_APPROVAL"))
                .andExpect(jsonPath("$.errors[0].message").value("refused: SELF_APPROVAL"));
    }

    @Test
    void a_source_client_may_ask_and_the_change_request_refuses_it() throws Exception {
        reads("cr-1", Optional.of(opened("cr-1")));
        when(commandGateway.send(any())).thenReturn(refused(ErrorCode.FORBIDDEN, "SOURCE_CLIENT_CANNOT_DECIDE"));

        graphql("approveChangeRequest", Map.of("id", "cr-1"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.errors[0].extensions.reason").value("SOURCE_CLIENT_CANNOT_DECIDE"));
        assertThat(sentCommand()).isEqualTo(new ApproveChangeRequestCommand("cr-1", null, null, ERP,
                Set.of("source-system")));
    }

    @Test
    void a_conflict_keeps_its_code_and_rule() throws Exception {
        reads("cr-1", Optional.of(opened("cr-1")));
        when(commandGateway.send(any())).thenReturn(refused(ErrorCode.CONFLICT, "NOT_PENDING"));

        graphql("rejectChangeRequest", Map.of("id", "cr-1", "reason", "late"), user("sue.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("CONFLICT"))
                .andExpect(jsonPath("$.errors[0].extensions.reason").value("NOT_PENDING"));
    }

    @Test
    void a_steward_rejects_with_a_reason() throws Exception {
        ChangeRequestView rejected = request("cr-1", ChangeRequestStatus.REJECTED, ERP,
                List.of(new DecisionView("OPENED", ERP, T1, "new bank", null, "corr-1"),
                        new DecisionView("REJECTED", SUE, T2, "no call-back", null, "corr-3")));
        reads("cr-1", Optional.of(opened("cr-1")), Optional.of(rejected));
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        graphql("rejectChangeRequest", Map.of("id", "cr-1", "reason", "no call-back"),
                user("sue.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.rejectChangeRequest.status").value("REJECTED"))
                .andExpect(jsonPath("$.data.rejectChangeRequest.decisions[1].comment").value("no call-back"));
        assertThat(sentCommand()).isEqualTo(new RejectChangeRequestCommand("cr-1", "no call-back", SUE,
                Set.of("supplier-steward")));
    }

    @Test
    void a_rejection_needs_a_reason() throws Exception {
        graphql("rejectChangeRequest", Map.of("id", "cr-1", "reason", "  "), user("sue.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void the_requester_withdraws() throws Exception {
        ChangeRequestView open = request("cr-2", ChangeRequestStatus.PENDING, SAM,
                List.of(new DecisionView("OPENED", SAM, T1, "x", null, null)));
        ChangeRequestView withdrawn = request("cr-2", ChangeRequestStatus.WITHDRAWN, SAM,
                List.of(new DecisionView("OPENED", SAM, T1, "x", null, null),
                        new DecisionView("WITHDRAWN", SAM, T2, null, null, null)));
        reads("cr-2", Optional.of(open), Optional.of(withdrawn));
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        graphql("withdrawChangeRequest", Map.of("id", "cr-2"), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.withdrawChangeRequest.status").value("WITHDRAWN"));
        assertThat(sentCommand()).isEqualTo(new WithdrawChangeRequestCommand("cr-2", null, SAM));
    }

    // --- queries

    @Test
    void an_analyst_sees_bank_accounts_masked_and_no_verification_notes() throws Exception {
        reads("cr-1", Optional.of(approvedOnce("cr-1")));
        given(Fixtures.acme());

        graphql(withFields("changeRequest"), Map.of("id", "cr-1"), user("ana.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeRequest.type").value("SUPPLIER"))
                .andExpect(jsonPath("$.data.changeRequest.record.__typename").value("Supplier"))
                .andExpect(jsonPath("$.data.changeRequest.record.legalName").value("Acme Medical Inc."))
                .andExpect(jsonPath("$.data.changeRequest.changes[0].attribute").value("bankAccount"))
                .andExpect(jsonPath("$.data.changeRequest.changes[0].before").value(
                        "{\"accountHolder\":\"Acme Medical Inc.\",\"bankName\":\"First Bank\","
                                + "\"routingNumber\":\"*****0021\",\"accountNumber\":\"*****6789\","
                                + "\"iban\":\"******************3000\",\"currency\":\"USD\"}"))
                .andExpect(jsonPath("$.data.changeRequest.changes[0].after").value(
                        "{\"accountHolder\":\"Acme Medical Inc.\",\"bankName\":\"Other Bank\","
                                + "\"routingNumber\":\"*****0015\",\"accountNumber\":\"****9999\","
                                + "\"currency\":\"USD\"}"))
                .andExpect(jsonPath("$.data.changeRequest.source.system").value("ERP"))
                .andExpect(jsonPath("$.data.changeRequest.requestedBy.type").value("CLIENT"))
                .andExpect(jsonPath("$.data.changeRequest.decisions[1].verificationNote").value(nullValue()))
                .andExpect(jsonPath("$.data.changeRequest.decisions[1].correlationId").value("corr-2"))
                .andExpect(jsonPath("$.data.changeRequest.openedAt").value("2026-03-01T10:00:00Z"));
    }

    @Test
    void an_auditor_sees_bank_accounts_and_verification_notes() throws Exception {
        reads("cr-1", Optional.of(approvedOnce("cr-1")));
        given(Fixtures.acme());

        graphql(withFields("changeRequest"), Map.of("id", "cr-1"), user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeRequest.changes[0].after").value(
                        "{\"accountHolder\":\"Acme Medical Inc.\",\"bankName\":\"Other Bank\","
                                + "\"routingNumber\":\"011000015\",\"accountNumber\":\"99999999\","
                                + "\"currency\":\"USD\"}"))
                .andExpect(jsonPath("$.data.changeRequest.decisions[1].verificationNote")
                        .value("called back +1 555 0100"));
    }

    @Test
    void a_steward_of_another_domain_sees_no_verification_notes_and_a_source_client_cannot_read() throws Exception {
        reads("cr-1", Optional.of(approvedOnce("cr-1")));
        given(Fixtures.acme());
        graphql(withFields("changeRequest"), Map.of("id", "cr-1"), user("ian.item", "item-steward"))
                .andExpect(jsonPath("$.data.changeRequest.decisions[1].verificationNote").value(nullValue()))
                .andExpect(jsonPath("$.data.changeRequest.changes[0].after").value(
                        org.hamcrest.Matchers.containsString("****9999")));
        graphql(withFields("changeRequest"), Map.of("id", "cr-1"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
    }

    @Test
    void change_requests_are_paged_relay_style_with_the_id_as_cursor() throws Exception {
        lists(new ListChangeRequestsQuery(ChangeRequestStatus.PENDING, EntityType.SUPPLIER, null, null, null, null,
                null, 3), List.of(opened("cr-9"), opened("cr-8"), opened("cr-7")));
        lists(new ListChangeRequestsQuery(ChangeRequestStatus.PENDING, EntityType.SUPPLIER, null, null, null, null,
                "cr-8", 3), List.of(opened("cr-7")));
        given(Fixtures.acme());
        Map<String, Object> filter = Map.of("status", "PENDING", "domain", "SUPPLIER");

        graphql("changeRequests", Map.of("filter", filter, "first", 2), user("ana.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeRequests.edges.length()").value(2))
                .andExpect(jsonPath("$.data.changeRequests.edges[0].cursor").value("cr-9"))
                .andExpect(jsonPath("$.data.changeRequests.edges[1].node.id").value("cr-8"))
                .andExpect(jsonPath("$.data.changeRequests.edges[1].node.record.id").value("s-1"))
                .andExpect(jsonPath("$.data.changeRequests.pageInfo.hasNextPage").value(true))
                .andExpect(jsonPath("$.data.changeRequests.pageInfo.endCursor").value("cr-8"));

        graphql("changeRequests", Map.of("filter", filter, "first", 2, "after", "cr-8"),
                user("ana.analyst", "analyst"))
                .andExpect(jsonPath("$.data.changeRequests.edges.length()").value(1))
                .andExpect(jsonPath("$.data.changeRequests.pageInfo.hasNextPage").value(false))
                .andExpect(jsonPath("$.data.changeRequests.pageInfo.endCursor").value("cr-7"));
    }

    @Test
    void awaiting_my_decision_asks_for_the_callers_name_and_roles() throws Exception {
        delegated("sue.supplier", List.of());
        lists(new ListChangeRequestsQuery(null, null, "erp", "s-1", "sue.supplier", Set.of("supplier-steward"), null,
                51), List.of(opened("cr-1")));
        Map<String, Object> filter = new HashMap<>(Map.of("awaitingMyDecision", true, "requestedBy", "erp",
                "recordId", "s-1"));
        given(Fixtures.acme());

        graphql("changeRequests", Map.of("filter", filter), user("sue.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeRequests.edges[0].node.id").value("cr-1"))
                .andExpect(jsonPath("$.data.changeRequests.pageInfo.hasNextPage").value(false));
    }

    @Test
    void a_delegates_inbox_asks_for_the_delegated_steps_as_well() throws Exception {
        io.mdg.api.delegation.DelegationView forFay = new io.mdg.api.delegation.DelegationView("d-1", "fay.finance",
                "sue.supplier", "finance-controller", T1, T1.plusSeconds(86_400 * 365L * 100), "leave", T1, null,
                null);
        delegated("sue.supplier", List.of(forFay));
        lists(new ListChangeRequestsQuery(null, null, null, null, "sue.supplier", Set.of("supplier-steward"), null,
                51, List.of(forFay.delegation())), List.of(opened("cr-1")));
        given(Fixtures.acme());

        graphql("changeRequests", Map.of("filter", Map.of("awaitingMyDecision", true)),
                user("sue.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeRequests.edges[0].node.id").value("cr-1"));
    }

    /** The delegations in force for {@code delegate}, as the query side answers them. */
    private void delegated(String delegate, List<io.mdg.api.delegation.DelegationView> answer) {
        when(queryGateway.query(org.mockito.ArgumentMatchers.<Object>argThat(q ->
                        q instanceof io.mdg.api.delegation.ListDelegationsQuery l && delegate.equals(l.delegate())
                                && Boolean.TRUE.equals(l.active())), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(answer));
    }

    @Test
    void first_is_bounded_and_readers_only() throws Exception {
        graphql("changeRequests", Map.of("first", 501), user("ana.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        graphql("changeRequests", Map.of(), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
    }

    @Test
    void a_record_lists_its_change_requests() throws Exception {
        given(Fixtures.acme());
        lists(new ListChangeRequestsQuery(ChangeRequestStatus.PENDING, null, null, "s-1", null, null, null, 500),
                new ArrayList<>(List.of(opened("cr-1"))));

        graphql("supplierChangeRequests", Map.of("id", "s-1", "status", "PENDING"), user("ana.analyst", "analyst"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.supplier.changeRequests[0].id").value("cr-1"))
                .andExpect(jsonPath("$.data.supplier.changeRequests[0].status").value("PENDING"));
    }
}
