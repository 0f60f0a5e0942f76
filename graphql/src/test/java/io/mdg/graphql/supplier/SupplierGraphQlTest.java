package io.mdg.graphql.supplier;

import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.SourceSystem;
import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.api.supplier.FindSupplierQuery;
import io.mdg.api.supplier.SubmitSupplierCommand;
import io.mdg.api.supplier.SupplierAttributes;
import io.mdg.api.supplier.SupplierView;
import io.mdg.api.xref.FindRecordBySourceQuery;
import io.mdg.api.xref.RecordRef;
import io.mdg.api.xref.SourceRefView;

/** The GraphQL edge alone: schema, mapping to commands and queries, roles and error codes. */
@SpringBootTest
@AutoConfigureMockMvc
class SupplierGraphQlTest {

    private static final String SUBMIT = """
            mutation($input: SupplierSubmissionInput!) {
              submitSupplier(input: $input) { outcome goldenId attributes { attribute status } errors { field code message } }
            }""";
    private static final String SUPPLIER = """
            query($id: ID!) { supplier(id: $id) { id version status legalName taxId createdAt sourceRefs { system sourceId sourceVersion } } }""";
    private static final String BY_SOURCE = """
            query($system: SourceSystem!, $sourceId: String!) {
              recordBySource(system: $system, sourceId: $sourceId) { __typename id ... on Supplier { legalName } }
            }""";
    private static final SupplierView ACME = new SupplierView("s-1", 1, LifecycleStatus.ACTIVE,
            Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:00Z"), "Acme Medical Inc.",
            "12-3456789", null, null, List.of(new SourceRefView(SourceSystem.ERP, "V-1001", 7L, null)));

    @Autowired
    MockMvc mvc;
    @Autowired
    ObjectMapper json;
    @MockitoBean
    CommandGateway commandGateway;
    @MockitoBean
    QueryGateway queryGateway;

    @Test
    void a_source_client_submits_as_the_source_system_of_its_token() throws Exception {
        SubmissionResult created = new SubmissionResult(SubmissionOutcome.CREATED, "s-1",
                List.of(AttributeResult.of("legalName", AttributeStatus.APPLIED)), List.of());
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(created));

        graphql(SUBMIT, Map.of("input", Map.of("sourceId", "V-1001", "sourceVersion", 1712345678901L,
                "legalName", "Acme Medical Inc.")), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.submitSupplier.outcome").value("CREATED"))
                .andExpect(jsonPath("$.data.submitSupplier.goldenId").value("s-1"))
                .andExpect(jsonPath("$.data.submitSupplier.attributes[0].status").value("APPLIED"));

        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway).send(sent.capture());
        org.assertj.core.api.Assertions.assertThat(sent.getValue()).isEqualTo(new SubmitSupplierCommand(
                new SourceRef(SourceSystem.ERP, "V-1001", 1712345678901L),
                new SupplierAttributes("Acme Medical Inc.", null, null, null), Actor.client("erp")));
    }

    @Test
    void a_person_cannot_submit_as_a_source() throws Exception {
        graphql(SUBMIT, Map.of("input", Map.of("sourceId", "V-1001", "legalName", "Acme")), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data").value(nullValue()))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void a_blank_source_id_is_rejected_in_the_payload_without_a_command() throws Exception {
        graphql(SUBMIT, Map.of("input", Map.of("sourceId", " ", "legalName", "Acme")), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.submitSupplier.outcome").value("REJECTED"))
                .andExpect(jsonPath("$.data.submitSupplier.errors[0].field").value("sourceId"))
                .andExpect(jsonPath("$.data.submitSupplier.errors[0].code").value("REQUIRED"));
        verify(commandGateway, never()).send(any());
    }

    @Test
    void an_analyst_reads_a_supplier() throws Exception {
        when(queryGateway.query(eq(new FindSupplierQuery("s-1")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(ACME)));

        graphql(SUPPLIER, Map.of("id", "s-1"), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data.supplier.legalName").value("Acme Medical Inc."))
                .andExpect(jsonPath("$.data.supplier.version").value(1))
                .andExpect(jsonPath("$.data.supplier.createdAt").value("2026-03-01T10:00:00Z"))
                .andExpect(jsonPath("$.data.supplier.sourceRefs[0].sourceVersion").value(7));
    }

    @Test
    void an_unknown_supplier_is_null() throws Exception {
        when(queryGateway.query(eq(new FindSupplierQuery("nope")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()));

        graphql(SUPPLIER, Map.of("id", "nope"), user("sam.supplier", "supplier-steward"))
                .andExpect(jsonPath("$.data.supplier").value(nullValue()))
                .andExpect(jsonPath("$.errors").doesNotExist());
    }

    @Test
    void a_source_client_cannot_read_golden_records_by_id() throws Exception {
        graphql(SUPPLIER, Map.of("id", "s-1"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
    }

    @Test
    void record_by_source_resolves_the_cross_reference_to_the_supplier() throws Exception {
        when(queryGateway.query(eq(new FindRecordBySourceQuery(SourceSystem.ERP, "V-1001", null)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(List.of(new RecordRef(EntityType.SUPPLIER, "s-1"))));
        when(queryGateway.query(eq(new FindSupplierQuery("s-1")), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(ACME)));

        graphql(BY_SOURCE, Map.of("system", "ERP", "sourceId", "V-1001"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.data.recordBySource.__typename").value("Supplier"))
                .andExpect(jsonPath("$.data.recordBySource.legalName").value("Acme Medical Inc."));
    }

    @Test
    void a_source_client_cannot_resolve_another_systems_records() throws Exception {
        graphql(BY_SOURCE, Map.of("system", "SOURCING", "sourceId", "V-1001"), sourceClient("erp", "ERP"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
    }

    @Test
    void invalid_documents_and_values_are_answered_with_bad_request_codes() throws Exception {
        mvc.perform(post("/graphql").with(user("andy.analyst", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", "{ supplier(id: \"x\") { nope } }"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        mvc.perform(post("/graphql").with(user("andy.analyst", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", BY_SOURCE,
                                "variables", Map.of("system", "MAINFRAME", "sourceId", "1")))))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        mvc.perform(post("/graphql").with(user("andy.analyst", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", "{ supplier(id: "))))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
    }

    @Test
    void a_request_without_a_token_is_unauthorized() throws Exception {
        mvc.perform(post("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", "{ __typename }"))))
                .andExpect(status().isUnauthorized());
    }

    private ResultActions graphql(String query, Map<String, Object> variables, RequestPostProcessor auth)
            throws Exception {
        ResultActions first = mvc.perform(post("/graphql").with(auth).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("query", query, "variables", variables))));
        var started = first.andReturn();
        ResultActions result = started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)) : first;
        return result.andExpect(status().isOk());
    }

    private static RequestPostProcessor sourceClient(String clientId, String system) {
        return jwt().jwt(j -> j.claim("azp", clientId).claim("source_system", system)
                        .claim("preferred_username", "service-account-" + clientId))
                .authorities(new SimpleGrantedAuthority("ROLE_source-system"));
    }

    private static RequestPostProcessor user(String username, String role) {
        return jwt().jwt(j -> j.claim("azp", "mdg-cli").claim("preferred_username", username))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }
}
