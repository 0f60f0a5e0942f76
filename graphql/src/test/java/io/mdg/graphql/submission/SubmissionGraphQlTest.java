package io.mdg.graphql.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
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
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ScreeningStatus;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.FieldError;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.EdgeTest;

/** Source submissions: each mutation sends the right command, as the source system of the token. */
class SubmissionGraphQlTest extends EdgeTest {

    private static SubmissionResult created(String goldenId) {
        return new SubmissionResult(SubmissionOutcome.CREATED, goldenId,
                List.of(AttributeResult.of("legalName", AttributeStatus.APPLIED)), List.of());
    }

    private SubmitRecordCommand sentCommand() {
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(sent.capture());
        return (SubmitRecordCommand) payload(sent.getValue());
    }

    @Test
    void a_source_client_submits_a_supplier_as_the_source_system_of_its_token() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(created("s-1")));

        graphql("submitSupplier", Map.of("input", Map.of("sourceId", "V-1001", "sourceVersion", 1712345678901L,
                "legalName", "Acme Medical Inc.", "tradingNames", List.of("Acme Med"), "taxId", "12-3456789",
                "orderingAddress", Map.of("line1", "1 Main St", "city", "Boston", "postalCode", "02139", "country", "US"),
                "bankAccount", Map.of("accountHolder", "Acme", "accountNumber", "123456789", "currency", "USD"),
                "contacts", List.of(Map.of("name", "Ann", "role", "sales")),
                "screeningStatus", "CLEAR")), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.submitSupplier.outcome").value("CREATED"))
                .andExpect(jsonPath("$.data.submitSupplier.goldenId").value("s-1"))
                .andExpect(jsonPath("$.data.submitSupplier.attributes[0].status").value("APPLIED"));

        assertThat(sentCommand()).isEqualTo(new SubmitRecordCommand(
                new SourceRef(SourceSystem.ERP, "V-1001", 1712345678901L),
                new SupplierAttributes("Acme Medical Inc.", List.of("Acme Med"), "12-3456789", null, null,
                        new Address("1 Main St", null, "Boston", null, "02139", "US"), null,
                        new BankAccount("Acme", null, null, "123456789", null, "USD"),
                        List.of(new Contact("Ann", "sales", null, null)), ScreeningStatus.CLEAR),
                Actor.client("erp")));
    }

    @Test
    void an_item_references_its_manufacturer_by_the_sources_own_id() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(created("i-1")));

        graphql("submitItem", Map.of("input", Map.of("sourceId", "I-1", "description", "Glove",
                "manufacturer", Map.of("sourceId", "V-1001"), "itemClass", "MED_SURG", "sterile", true,
                "packaging", List.of(Map.of("unit", "EA", "gtin", "00012345678905"),
                        Map.of("unit", "BX", "quantity", 100, "containsUnit", "EA")))), sourceClient("inventory", "INVENTORY"))
                .andExpect(jsonPath("$.data.submitItem.outcome").value("CREATED"));

        SubmitRecordCommand command = sentCommand();
        assertThat(command.source()).isEqualTo(new SourceRef(SourceSystem.INVENTORY, "I-1", null));
        assertThat(command.actor()).isEqualTo(Actor.client("inventory"));
        assertThat(command.attributes()).isEqualTo(new ItemAttributes("Glove", Ref.bySource("V-1001"), null, null,
                null, null, null, ItemClass.MED_SURG, List.of(new PackagingLevel("EA", null, null, "00012345678905"),
                new PackagingLevel("BX", 100, "EA", null)), true, null, null, null));
    }

    @Test
    void a_contract_keeps_its_prices_exact_and_its_dates() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(created("c-1")));

        graphql("submitContract", Map.of("input", Map.of("sourceId", "K-1", "contractNumber", "C-1",
                "supplier", Map.of("id", "s-1"), "contractType", "GPO", "effectiveFrom", "2026-01-01",
                "effectiveTo", "2026-12-31", "lines", List.of(Map.of("item", Map.of("sourceId", "I-1"), "unit", "BX",
                        "price", "12345678901234567.123456789", "currency", "USD")))), sourceClient("sourcing", "SOURCING"))
                .andExpect(jsonPath("$.data.submitContract.outcome").value("CREATED"));

        ContractAttributes sent = (ContractAttributes) sentCommand().attributes();
        assertThat(sent).isEqualTo(new ContractAttributes("C-1", Ref.to("s-1"), ContractType.GPO, null,
                LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31), List.of(new ContractLine(Ref.bySource("I-1"), "BX",
                new BigDecimal("12345678901234567.123456789"), "USD", null, null, null))));
    }

    @Test
    void a_price_sent_as_a_json_number_is_refused_because_it_may_have_lost_digits() throws Exception {
        graphql("submitContract", Map.of("input", Map.of("sourceId", "K-1", "lines", List.of(Map.of("unit", "BX",
                "price", 0.1)))), sourceClient("sourcing", "SOURCING"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        graphql("submitContract", Map.of("input", Map.of("sourceId", "K-1", "effectiveFrom", "2026-02-30")),
                sourceClient("sourcing", "SOURCING"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void a_location_names_its_parent_by_golden_id() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(created("l-2")));

        graphql("submitLocation", Map.of("input", Map.of("sourceId", "LOC-2", "name", "Main storeroom",
                "locationType", "STOREROOM", "parent", Map.of("id", "l-1"), "hin", "ABCDEFG01")),
                sourceClient("inventory", "INVENTORY"))
                .andExpect(jsonPath("$.data.submitLocation.goldenId").value("l-2"));

        assertThat(sentCommand().attributes()).isEqualTo(new LocationAttributes("Main storeroom",
                LocationType.STOREROOM, Ref.to("l-1"), null, "ABCDEFG01", null, null, null, null));
    }

    @Test
    void a_reference_must_give_exactly_one_of_id_and_source_id() throws Exception {
        graphql("submitContract", Map.of("input", Map.of("sourceId", "K-1", "supplier", Map.of("id", "s-1",
                "sourceId", "V-1"), "lines", List.of(Map.of("unit", "EA", "item", Map.of())))), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.submitContract.outcome").value("REJECTED"))
                .andExpect(jsonPath("$.data.submitContract.errors[0].field").value("supplier"))
                .andExpect(jsonPath("$.data.submitContract.errors[0].code").value("INVALID_REFERENCE"))
                .andExpect(jsonPath("$.data.submitContract.errors[1].field").value("lines[0].item"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void a_blank_source_id_is_rejected_in_the_payload_without_a_command() throws Exception {
        graphql("submitSupplier", Map.of("input", Map.of("sourceId", " ", "legalName", "Acme")), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.submitSupplier.outcome").value("REJECTED"))
                .andExpect(jsonPath("$.data.submitSupplier.errors[0].field").value("sourceId"))
                .andExpect(jsonPath("$.data.submitSupplier.errors[0].code").value("REQUIRED"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void people_cannot_submit_as_a_source() throws Exception {
        for (String document : List.of("submitSupplier", "submitItem", "submitLocation")) {
            graphql(document, Map.of("input", Map.of("sourceId", "X-1")), user("sam.supplier", "supplier-steward"))
                    .andExpect(jsonPath("$.data").value(nullValue()))
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        }
        graphql("submitBatch", Map.of("input", Map.of("suppliers", List.of(Map.of("sourceId", "X-1")))),
                user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void a_command_side_rejection_is_answered_with_its_code() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.failedFuture(new CommandExecutionException(
                "conflict", null, new MdgErrorDetails(ErrorCode.CONFLICT, "a concurrent change won", List.of()))));

        graphql("submitSupplier", Map.of("input", Map.of("sourceId", "V-1", "legalName", "Acme")), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("CONFLICT"))
                .andExpect(jsonPath("$.errors[0].message").value("a concurrent change won"));
    }

    @Test
    void a_batch_answers_every_entry_in_order_and_a_failing_one_gets_its_own_error() throws Exception {
        when(commandGateway.send(any())).thenAnswer(call -> {
            SubmitRecordCommand command = (SubmitRecordCommand) payload(call.getArgument(0));
            return switch (command.source().sourceId()) {
                case "V-2" -> CompletableFuture.failedFuture(new CommandExecutionException("refused", null,
                        new MdgErrorDetails(ErrorCode.VALIDATION_FAILED, "tax id taken",
                                List.of(new FieldError("taxId", "DUPLICATE_IDENTIFIER", "tax id taken")))));
                case "V-3" -> new CompletableFuture<SubmissionResult>(); // never answers: times out
                case "I-1" -> CompletableFuture.failedFuture(new IllegalStateException("bus down"));
                default -> CompletableFuture.completedFuture(created("g-" + command.source().sourceId()));
            };
        });

        graphql("submitBatch", Map.of("input", Map.of(
                "suppliers", List.of(Map.of("sourceId", "V-1", "legalName", "A"), Map.of("sourceId", "V-2", "legalName", "B"),
                        Map.of("sourceId", "V-3", "legalName", "C"), Map.of("sourceId", " ")),
                "items", List.of(Map.of("sourceId", "I-1"), Map.of("sourceId", "I-2")),
                "locations", List.of(Map.of("sourceId", "L-1", "name", "Store")))), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.submitBatch", hasSize(7)))
                .andExpect(jsonPath("$.data.submitBatch[0].result.goldenId").value("g-V-1"))
                .andExpect(jsonPath("$.data.submitBatch[0].error").value(nullValue()))
                .andExpect(jsonPath("$.data.submitBatch[1].index").value(1))
                .andExpect(jsonPath("$.data.submitBatch[1].sourceId").value("V-2"))
                .andExpect(jsonPath("$.data.submitBatch[1].error.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.data.submitBatch[1].error.field").value("suppliers[1]"))
                .andExpect(jsonPath("$.data.submitBatch[1].result.errors[0].code").value("DUPLICATE_IDENTIFIER"))
                .andExpect(jsonPath("$.data.submitBatch[2].error.code").value("TIMEOUT"))
                .andExpect(jsonPath("$.data.submitBatch[2].result").value(nullValue()))
                .andExpect(jsonPath("$.data.submitBatch[3].result.outcome").value("REJECTED"))
                .andExpect(jsonPath("$.data.submitBatch[3].result.errors[0].code").value("REQUIRED"))
                .andExpect(jsonPath("$.data.submitBatch[4].type").value("ITEM"))
                .andExpect(jsonPath("$.data.submitBatch[4].index").value(0))
                .andExpect(jsonPath("$.data.submitBatch[4].error.code").value("INTERNAL"))
                .andExpect(jsonPath("$.data.submitBatch[5].result.goldenId").value("g-I-2"))
                .andExpect(jsonPath("$.data.submitBatch[6].type").value("LOCATION"))
                .andExpect(jsonPath("$.data.submitBatch[6].result.outcome").value("CREATED"));
        verify(commandGateway, times(6)).send(any());
    }

    @Test
    void a_batch_sends_at_most_16_entries_at_a_time() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Executor later = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
        when(commandGateway.send(any())).thenAnswer(call -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            return CompletableFuture.supplyAsync(() -> {
                inFlight.decrementAndGet();
                return created("g");
            }, later);
        });
        List<Map<String, Object>> suppliers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            suppliers.add(Map.of("sourceId", "V-" + i, "legalName", "S" + i));
        }

        graphql("submitBatch", Map.of("input", Map.of("suppliers", suppliers)), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.submitBatch", hasSize(60)))
                .andExpect(jsonPath("$.data.submitBatch[59].index").value(59));
        assertThat(most.get()).isBetween(2, io.mdg.graphql.hygiene.GraphQlLimits.defaults().submissions().inFlight());
    }

    @Test
    void a_batch_of_more_than_1000_entries_is_refused_and_nothing_is_sent() throws Exception {
        List<Map<String, Object>> suppliers = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            suppliers.add(Map.of("sourceId", "V-" + i));
            items.add(Map.of("sourceId", "I-" + i));
        }
        Map<String, Object> input = new HashMap<>();
        input.put("suppliers", suppliers);
        input.put("items", items);

        graphql("submitBatch", Map.of("input", input), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data").value(nullValue()))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("VALIDATION_FAILED"));
        verify(commandGateway, never()).send(any());
    }
}
