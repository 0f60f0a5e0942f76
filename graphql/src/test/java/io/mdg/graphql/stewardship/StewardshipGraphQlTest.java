package io.mdg.graphql.stewardship;

import static io.mdg.graphql.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ChangeAction;
import io.mdg.api.changerequest.ChangeRequestStatus;
import io.mdg.api.changerequest.ChangeRequestView;
import io.mdg.api.changerequest.FindChangeRequestQuery;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.ChangeLifecycleCommand;
import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.MergeRecordsCommand;
import io.mdg.api.record.RecordView;
import io.mdg.graphql.EdgeTest;

/** Steward operations: domain roles, the commands sent, and the record read back once the read model shows it. */
class StewardshipGraphQlTest extends EdgeTest {

    private static RecordView suspended(RecordView view) {
        return new RecordView(view.id(), view.type(), view.version() + 1, LifecycleStatus.SUSPENDED,
                view.createdAt(), view.updatedAt(), view.attributes(), view.sourceRefs(), view.lineage(),
                view.pendingChanges(), view.mergedInto());
    }

    @SuppressWarnings("unchecked")
    private void reads(EntityType type, String id, RecordView... answers) {
        var stub = when(queryGateway.query(eq(new FindRecordQuery(type, id)), any(ResponseType.class)));
        for (RecordView answer : answers) {
            stub = stub.thenReturn(CompletableFuture.completedFuture(Optional.of(answer)));
        }
    }

    @Test
    void a_supplier_steward_suspends_a_supplier_and_gets_it_back_once_the_read_model_shows_it() throws Exception {
        RecordView before = record("s-1", 2, SupplierAttributes.named("Acme"));
        reads(EntityType.SUPPLIER, "s-1", before, before, before, suspended(before));
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        graphql("changeLifecycle", Map.of("type", "SUPPLIER", "id", "s-1", "status", "SUSPENDED",
                "reason", "screening hit"), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeLifecycle.__typename").value("Supplier"))
                .andExpect(jsonPath("$.data.changeLifecycle.version").value(3))
                .andExpect(jsonPath("$.data.changeLifecycle.status").value("SUSPENDED"));

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(sent.capture());
        assertThat(payload(sent.getValue())).isEqualTo(new ChangeLifecycleCommand(EntityType.SUPPLIER, "s-1",
                LifecycleStatus.SUSPENDED, "screening hit", Actor.user("sam.supplier")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void a_retirement_that_needs_approval_answers_the_record_unchanged_once_its_change_request_is_readable()
            throws Exception {
        RecordView before = record("s-2", 2, SupplierAttributes.named("Acme"));
        reads(EntityType.SUPPLIER, "s-2", before, before);
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture("cr-7"));
        ChangeRequestView request = new ChangeRequestView("cr-7", EntityType.SUPPLIER, "s-2",
                ChangeRequestStatus.PENDING, List.of(), List.of("lifecycle:RETIRED"), null, null,
                new SourceRef(SourceSystem.STEWARD, "sam.supplier", null), Actor.user("sam.supplier"), "gone", 1, 0,
                false, "supplier-steward", Instant.EPOCH, Instant.EPOCH, null, null, List.of(), ChangeAction.LIFECYCLE,
                LifecycleStatus.RETIRED, null);
        when(queryGateway.query(eq(new FindChangeRequestQuery("cr-7")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(request)));

        graphql("changeLifecycle", Map.of("type", "SUPPLIER", "id", "s-2", "status", "RETIRED", "reason", "gone"),
                user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeLifecycle.version").value(2))
                .andExpect(jsonPath("$.data.changeLifecycle.status").value("ACTIVE"));
        verify(queryGateway, org.mockito.Mockito.times(2)).query(eq(new FindChangeRequestQuery("cr-7")),
                any(ResponseType.class));
    }

    @Test
    void when_the_read_model_lags_the_record_as_it_is_read_is_answered() throws Exception {
        RecordView before = record("i-1", 4, ItemAttributes.described("Glove"));
        reads(EntityType.ITEM, "i-1", before);
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        graphql("changeLifecycle", Map.of("type", "ITEM", "id", "i-1", "status", "RETIRED", "reason", "obsolete"),
                user("ian.item", "item-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.changeLifecycle.version").value(4));
    }

    @Test
    void only_a_steward_of_the_records_domain_may_change_it() throws Exception {
        Map<String, String> variables = Map.of("type", "SUPPLIER", "id", "s-1", "status", "RETIRED", "reason", "x");
        graphql("changeLifecycle", variables, user("ian.item", "item-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("changeLifecycle", variables, user("audrey.auditor", "auditor"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("changeLifecycle", variables, sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        graphql("mergeRecords", Map.of("type", "CONTRACT", "survivorId", "c-1", "mergedId", "c-2", "reason", "dup"),
                user("lia.location", "location-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void a_blank_reason_is_refused() throws Exception {
        graphql("changeLifecycle", Map.of("type", "SUPPLIER", "id", "s-1", "status", "RETIRED", "reason", " "),
                user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void a_contract_steward_merges_two_contracts_and_gets_the_survivor() throws Exception {
        RecordView survivor = record("c-1", 5, io.mdg.graphql.Fixtures.contract("s-1", "i-1"));
        RecordView after = new RecordView("c-1", EntityType.CONTRACT, 6, LifecycleStatus.ACTIVE, survivor.createdAt(),
                survivor.updatedAt(), survivor.attributes(), List.of(survivor.sourceRefs().get(0),
                new io.mdg.api.xref.SourceRefView(io.mdg.api.SourceSystem.SOURCING, "K-9", null, null)),
                survivor.lineage(), List.of(), null);
        reads(EntityType.CONTRACT, "c-1", survivor, after);
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(null));

        graphql("mergeRecords", Map.of("type", "CONTRACT", "survivorId", "c-1", "mergedId", "c-2",
                "reason", "same contract twice"), user("cora.contract", "contract-steward"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.mergeRecords.__typename").value("Contract"))
                .andExpect(jsonPath("$.data.mergeRecords.version").value(6))
                .andExpect(jsonPath("$.data.mergeRecords.sourceRefs[1].sourceId").value("K-9"));

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(sent.capture());
        assertThat(payload(sent.getValue())).isEqualTo(new MergeRecordsCommand(EntityType.CONTRACT, "c-1", "c-2",
                "same contract twice", Actor.user("cora.contract")));
    }

    @Test
    void merging_a_record_into_itself_is_refused() throws Exception {
        graphql("mergeRecords", Map.of("type", "SUPPLIER", "survivorId", "s-1", "mergedId", "s-1", "reason", "x"),
                user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void a_refused_command_is_answered_with_its_code() throws Exception {
        reads(EntityType.SUPPLIER, "s-1", record("s-1", 1, SupplierAttributes.named("Acme")));
        when(commandGateway.send(any())).thenReturn(CompletableFuture.failedFuture(new CommandExecutionException(
                "refused", null, new MdgErrorDetails(ErrorCode.VALIDATION_FAILED,
                "an excluded supplier cannot be activated", List.of()))));

        graphql("changeLifecycle", Map.of("type", "SUPPLIER", "id", "s-1", "status", "ACTIVE", "reason", "cleared"),
                user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.data.changeLifecycle").value(nullValue()))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].message").value("an excluded supplier cannot be activated"));
    }
}
