package io.mdg.graphql.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.axonframework.commandhandling.CommandMessage;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.mdg.api.submission.AttributeResult;
import io.mdg.api.submission.AttributeStatus;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.EdgeTest;

/** The request's correlation id reaches every command the edge sends, and comes back in the response header. */
class CorrelationTest extends EdgeTest {

    private static final String SUBMIT = """
            mutation { submitSupplier(input: { sourceId: "V-1", legalName: "Acme" }) { outcome } }""";
    private static final String BATCH = """
            mutation { submitBatch(input: { suppliers: [{ sourceId: "V-1", legalName: "A" },
                { sourceId: "V-2", legalName: "B" }, { sourceId: "V-3", legalName: "C" }] }) { index result { outcome } } }""";

    private ResultActions perform(String document, String headerName, String headerValue) throws Exception {
        MockHttpServletRequestBuilder request = post("/graphql").with(sourceClient("erp", "ERP"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("query", document)));
        if (headerName != null) {
            request.header(headerName, headerValue);
        }
        ResultActions first = mvc.perform(request);
        MvcResult started = first.andReturn();
        return started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)) : first;
    }

    private List<CommandMessage<?>> sent(int count) {
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commandGateway, times(count)).send(sent.capture());
        return sent.getAllValues().stream().map(m -> (CommandMessage<?>) m).collect(Collectors.toList());
    }

    private void answersCreated() {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(new SubmissionResult(
                SubmissionOutcome.CREATED, "g-1", List.of(AttributeResult.of("legalName", AttributeStatus.APPLIED)),
                List.of())));
    }

    @Test
    void a_callers_correlation_id_travels_in_the_command_and_comes_back_in_the_response() throws Exception {
        answersCreated();
        perform(SUBMIT, Correlation.HEADER, "erp-batch-42:7")
                .andExpect(header().string(Correlation.HEADER, "erp-batch-42:7"))
                .andExpect(jsonPath("$.data.submitSupplier.outcome").value("CREATED"));
        assertThat(sent(1).get(0).getMetaData()).containsEntry(Correlation.META_DATA_KEY, "erp-batch-42:7");
    }

    @Test
    void the_entries_of_a_batch_share_its_correlation_id_and_are_each_their_own_message() throws Exception {
        answersCreated();
        perform(BATCH, Correlation.HEADER, "nightly-load").andExpect(jsonPath("$.data.submitBatch.length()").value(3));
        List<CommandMessage<?>> messages = sent(3);
        assertThat(messages).allSatisfy(m -> assertThat(m.getMetaData())
                .containsEntry(Correlation.META_DATA_KEY, "nightly-load"));
        Set<String> ids = messages.stream().map(CommandMessage::getIdentifier).collect(Collectors.toSet());
        assertThat(ids).hasSize(3);
    }

    @Test
    void without_a_header_the_trace_id_of_a_traceparent_or_a_new_id_is_used() throws Exception {
        answersCreated();
        perform(SUBMIT, Correlation.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .andExpect(header().string(Correlation.HEADER, "4bf92f3577b34da6a3ce929d0e0e4736"));
        MvcResult generated = perform(SUBMIT, null, null).andReturn();
        String id = generated.getResponse().getHeader(Correlation.HEADER);
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(sent(2).get(1).getMetaData()).containsEntry(Correlation.META_DATA_KEY, id);
    }

    @Test
    void a_malformed_or_hostile_header_is_replaced_not_echoed() throws Exception {
        answersCreated();
        String hostile = "abc\r\nSet-Cookie: x=1 <script>";
        MvcResult result = perform(SUBMIT, Correlation.HEADER, "x".repeat(500)).andReturn();
        assertThat(result.getResponse().getHeader(Correlation.HEADER)).hasSize(36);
        assertThat(Correlation.resolve(hostile, null)).doesNotContain("script").hasSize(36);
        assertThat(Correlation.resolve(null, "00-00000000000000000000000000000000-00f067aa0ba902b7-01")).hasSize(36);
    }

    @Test
    void a_refused_request_carries_the_id_too() throws Exception {
        mvc.perform(post("/graphql").contentType(MediaType.APPLICATION_JSON).header(Correlation.HEADER, "no-token-1")
                        .content(json.writeValueAsString(Map.of("query", SUBMIT))))
                .andExpect(header().string(Correlation.HEADER, "no-token-1"));
    }
}
