package io.mdg.app;

import static io.mdg.app.ServiceHarness.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.changerequest.ApproveChangeRequestCommand;
import io.mdg.api.model.BankAccount;
import io.mdg.api.model.SupplierAttributes;
import io.mdg.api.record.SubmitRecordCommand;
import io.mdg.api.submission.SubmissionResult;

/**
 * Reads of bank accounts in full are themselves logged (who, when, which record, through what) and shown to
 * auditors by {@code sensitiveReads}; masked reads are not logged, and only auditors and admins see the log.
 */
class SensitiveReadsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Actor ERP = Actor.client("erp");
    /** Stewards who may approve each step of a bank-account change (a steward's check, then a release). */
    private static final Set<String> APPROVER = Set.of("supplier-steward", "finance-controller");
    private static final BankAccount ACCOUNT = new BankAccount("Read Log Medical Inc.", "First Bank", "021000021",
            "123456789", null, "USD");

    @TempDir
    static Path dataDir;
    static ServiceHarness service;
    static LocalTokens tokens;
    static final HttpClient http = HttpClient.newHttpClient();
    static final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        tokens = new LocalTokens();
        service = tokens.startService(dataDir);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    @Test
    void a_bank_account_shown_in_full_is_logged_with_reader_record_and_field_and_a_masked_one_is_not() throws Exception {
        CommandGateway commands = service.bean(CommandGateway.class);
        String supplier = commands.<SubmissionResult>sendAndWait(new SubmitRecordCommand(
                new SourceRef(SourceSystem.ERP, "READ-1", 1L), SupplierAttributes.named("Read Log Medical Inc."), ERP))
                .goldenId();
        SubmissionResult held = commands.sendAndWait(new SubmitRecordCommand(new SourceRef(SourceSystem.ERP, "READ-1",
                2L), new SupplierAttributes(null, null, null, null, null, null, null, ACCOUNT, null, null), ERP));
        for (String steward : new String[] {"sam.supplier", "sue.supplier"}) {
            commands.sendAndWait(new ApproveChangeRequestCommand(held.changeRequestId(), null, "called back",
                    Actor.user(steward), APPROVER));
        }
        String query = "{ supplier(id: \"" + supplier + "\") { bankAccount { accountNumber } } }";
        String analyst = tokens.user("andy.analyst", "analyst");
        eventually(() -> graphql(query, analyst).path("data").path("supplier").path("bankAccount")
                .path("accountNumber").asText(), number -> number.endsWith("6789"), WAIT);
        assertThat(graphql(query, analyst).path("data").path("supplier").path("bankAccount").path("accountNumber")
                .asText()).startsWith("*");

        String steward = tokens.user("sol.supplier", "supplier-steward");
        assertThat(graphql(query, steward).path("data").path("supplier").path("bankAccount").path("accountNumber")
                .asText()).isEqualTo("123456789");

        String auditor = tokens.user("audrey.auditor", "auditor");
        String log = "{ sensitiveReads(recordId: \"" + supplier + "\") { edges { node { at reader { type name }"
                + " recordType recordId field correlationId } } } }";
        JsonNode reads = eventually(() -> graphql(log, auditor).path("data").path("sensitiveReads").path("edges"),
                edges -> edges.size() >= 1, WAIT);
        assertThat(reads).hasSize(1);
        JsonNode read = reads.path(0).path("node");
        assertThat(read.path("reader").path("name").asText()).isEqualTo("sol.supplier");
        assertThat(read.path("reader").path("type").asText()).isEqualTo("USER");
        assertThat(read.path("recordType").asText()).isEqualTo("SUPPLIER");
        assertThat(read.path("field").asText()).isEqualTo("bankAccount");
        assertThat(read.path("correlationId").asText()).isNotBlank();

        // the auditor's own reading of the trail (bank accounts in full) is logged too, newest first
        graphql("{ auditTrail(filter: {recordId: \"" + supplier + "\"}) { edges { node { action } } } }", auditor);
        JsonNode after = eventually(() -> graphql(log, auditor).path("data").path("sensitiveReads").path("edges"),
                edges -> edges.size() >= 2, WAIT);
        assertThat(after.path(0).path("node").path("reader").path("name").asText()).isEqualTo("audrey.auditor");
        assertThat(after.path(0).path("node").path("field").asText()).isEqualTo("auditTrail.bankAccount");

        JsonNode refused = graphql(log, analyst);
        assertThat(refused.path("errors").path(0).path("extensions").path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(graphql(log, steward).path("errors").path(0).path("extensions").path("code").asText())
                .isEqualTo("FORBIDDEN");
    }

    private static JsonNode graphql(String query, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + service.port() + "/graphql"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("query", query))))
                .build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }
}
