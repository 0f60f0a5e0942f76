package io.mdg.graphql.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.fasterxml.jackson.core.type.TypeReference;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.error.ErrorCode;
import io.mdg.api.error.MdgErrorDetails;
import io.mdg.api.model.Address;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.Ref;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.EdgeTest;

/** File imports: NDJSON and CSV streamed row by row through the submission path, one answer line per row. */
class ImportTest extends EdgeTest {

    private List<Map<String, Object>> importFile(String type, String contentType, String body, RequestPostProcessor auth)
            throws Exception {
        String answer = mvc.perform(post("/import/" + type).with(auth).contentType(contentType)
                        .content(body.getBytes(StandardCharsets.UTF_8)))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/x-ndjson"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (String line : answer.split("\n")) {
            lines.add(json.readValue(line, new TypeReference<Map<String, Object>>() {
            }));
        }
        return lines;
    }

    private List<SubmitRecordCommand> sentCommands(int times) {
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway, org.mockito.Mockito.times(times)).send(sent.capture());
        // rows are sent concurrently: compare in source-id order, not in arrival order
        return sent.getAllValues().stream().map(EdgeTest::payload).map(SubmitRecordCommand.class::cast)
                .sorted(java.util.Comparator.comparing((SubmitRecordCommand c) -> c.source().sourceId().length())
                        .thenComparing(c -> c.source().sourceId()))
                .toList();
    }

    private void answerCreatedOrUpdated() {
        when(commandGateway.send(any())).thenAnswer(call -> {
            SubmitRecordCommand command = (SubmitRecordCommand) payload(call.getArgument(0));
            String sourceId = command.source().sourceId();
            if (sourceId.equals("FAIL")) {
                return CompletableFuture.failedFuture(new CommandExecutionException("refused", null,
                        new MdgErrorDetails(ErrorCode.CONFLICT, "a concurrent change won", List.of())));
            }
            SubmissionOutcome outcome = sourceId.endsWith("2") ? SubmissionOutcome.UPDATED : SubmissionOutcome.CREATED;
            return CompletableFuture.completedFuture(new SubmissionResult(outcome, "g-" + sourceId, List.of(), List.of()));
        });
    }

    @Test
    void an_ndjson_import_answers_every_row_and_a_bad_row_does_not_stop_it() throws Exception {
        answerCreatedOrUpdated();
        String body = """
                {"sourceId":"V-1","sourceVersion":3,"legalName":"Acme Medical Inc.","orderingAddress":{"city":"Boston","postalCode":"02139"}}
                {"sourceId":"V-2","legalName":"Beta Surgical"}
                {"sourceId":"V-3","legalName":
                
                {"sourceId":"V-4","legalNam":"typo"}
                {"sourceId":"FAIL","legalName":"Gamma"}
                {"sourceId":"V-5","screeningStatus":"MAYBE"}
                {"sourceId":"","legalName":"no id"}
                """;

        List<Map<String, Object>> lines = importFile("supplier", "application/x-ndjson", body, sourceClient("erp", "ERP"));

        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).containsEntry("row", 1).containsEntry("sourceId", "V-1").containsEntry("outcome", "CREATED")
                .containsEntry("goldenId", "g-V-1");
        assertThat(lines.get(1)).containsEntry("row", 2).containsEntry("outcome", "UPDATED");
        assertThat(lines.get(2)).containsEntry("row", 3).containsEntry("outcome", "REJECTED");
        assertThat(errorCodes(lines.get(2))).containsExactly("MALFORMED_ROW");
        assertThat(lines.get(3)).containsEntry("row", 4).containsEntry("sourceId", "V-4").containsEntry("outcome", "REJECTED");
        assertThat(errorCodes(lines.get(3))).containsExactly("UNKNOWN_FIELD");
        assertThat(lines.get(4)).containsEntry("sourceId", "FAIL").containsEntry("outcome", "FAILED");
        assertThat(errorCodes(lines.get(4))).containsExactly("CONFLICT");
        assertThat(lines.get(5)).containsEntry("sourceId", "V-5").containsEntry("outcome", "REJECTED");
        assertThat(errorCodes(lines.get(5))).containsExactly("INVALID_VALUE");
        assertThat(lines.get(6)).containsEntry("row", 7).containsEntry("outcome", "REJECTED");
        assertThat(errorCodes(lines.get(6))).containsExactly("REQUIRED");
        assertThat(lines.get(7)).containsEntry("summary", Map.of("rows", 7, "created", 1, "updated", 1, "unchanged", 0,
                "stale", 0, "rejected", 4, "failed", 1));

        List<SubmitRecordCommand> sent = sentCommands(3);
        assertThat(sent.get(0)).isEqualTo(new SubmitRecordCommand(new SourceRef(SourceSystem.ERP, "V-1", 3L),
                new SupplierAttributes("Acme Medical Inc.", null, null, null, null,
                        new Address(null, null, "Boston", null, "02139", null), null, null, null, null),
                Actor.client("erp")));
    }

    @Test
    void a_csv_import_reads_dotted_columns_and_json_lists_and_reports_bad_rows() throws Exception {
        answerCreatedOrUpdated();
        String body = "sourceId,contractNumber,supplier.sourceId,effectiveFrom,lines\r\n"
                + "K-1,C-1,V-1,2026-01-01,\"[{\"\"item\"\":{\"\"sourceId\"\":\"\"I-1\"\"},\"\"unit\"\":\"\"BX\"\",\"\"price\"\":\"\"12.50\"\"}]\"\r\n"
                + "K-2,C-2,V-1,2026-13-01,\r\n"
                + "K-3,C-3\r\n"
                + "\r\n"
                + "K-12,\"C-12, amended\",V-2,,\r\n";

        List<Map<String, Object>> lines = importFile("contract", "text/csv", body, sourceClient("sourcing", "SOURCING"));

        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).containsEntry("row", 1).containsEntry("sourceId", "K-1").containsEntry("outcome", "CREATED");
        assertThat(lines.get(1)).containsEntry("row", 2).containsEntry("sourceId", "K-2").containsEntry("outcome", "REJECTED");
        assertThat(errorCodes(lines.get(1))).containsExactly("INVALID_VALUE");
        assertThat(errorFields(lines.get(1))).containsExactly("effectiveFrom");
        assertThat(lines.get(2)).containsEntry("row", 3).containsEntry("outcome", "REJECTED");
        assertThat(errorCodes(lines.get(2))).containsExactly("MALFORMED_ROW");
        assertThat(lines.get(3)).containsEntry("row", 4).containsEntry("sourceId", "K-12").containsEntry("outcome", "UPDATED");
        assertThat(lines.get(4)).containsEntry("summary", Map.of("rows", 4, "created", 1, "updated", 1, "unchanged", 0,
                "stale", 0, "rejected", 2, "failed", 0));

        List<SubmitRecordCommand> sent = sentCommands(2);
        assertThat(sent.get(0).source()).isEqualTo(new SourceRef(SourceSystem.SOURCING, "K-1", null));
        assertThat(sent.get(0).attributes()).isEqualTo(new ContractAttributes("C-1", Ref.bySource("V-1"), null, null,
                java.time.LocalDate.of(2026, 1, 1), null, List.of(new ContractLine(Ref.bySource("I-1"), "BX",
                new BigDecimal("12.5"), null, null, null, null))));
        assertThat(((ContractAttributes) sent.get(1).attributes()).contractNumber()).isEqualTo("C-12, amended");
    }

    @Test
    void a_csv_header_with_an_unknown_column_refuses_the_file() throws Exception {
        mvc.perform(post("/import/supplier").with(sourceClient("erp", "ERP")).contentType("text/csv")
                        .content("sourceId,legalName,orderingAddress.town\nV-1,Acme,Boston\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("BAD_REQUEST"))
                .andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("orderingAddress.town")));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void an_unknown_record_type_is_a_bad_request() throws Exception {
        mvc.perform(post("/import/vendor").with(sourceClient("erp", "ERP")).contentType("application/x-ndjson")
                        .content("{\"sourceId\":\"V-1\"}\n"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("BAD_REQUEST"));
    }

    @Test
    void only_source_clients_may_import() throws Exception {
        mvc.perform(post("/import/supplier").with(user("sam.supplier", "supplier-steward"))
                        .contentType("application/x-ndjson").content("{\"sourceId\":\"V-1\"}\n"))
                .andExpect(status().isForbidden());
        RequestPostProcessor roleWithoutSourceSystem = jwt().jwt(j -> j.claim("azp", "odd-client"))
                .authorities(new SimpleGrantedAuthority("ROLE_source-system"));
        mvc.perform(post("/import/supplier").with(roleWithoutSourceSystem)
                        .contentType("application/x-ndjson").content("{\"sourceId\":\"V-1\"}\n"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        mvc.perform(post("/import/supplier").contentType("application/x-ndjson").content("{\"sourceId\":\"V-1\"}\n"))
                .andExpect(status().isUnauthorized());
        verify(commandGateway, never()).send(any());
    }

    @SuppressWarnings("unchecked")
    private static List<String> errorCodes(Map<String, Object> line) {
        return ((List<Map<String, Object>>) line.get("errors")).stream().map(e -> (String) e.get("code")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<String> errorFields(Map<String, Object> line) {
        return ((List<Map<String, Object>>) line.get("errors")).stream().map(e -> (String) e.get("field")).toList();
    }
}
