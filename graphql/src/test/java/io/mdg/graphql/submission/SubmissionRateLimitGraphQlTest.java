package io.mdg.graphql.submission;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.EdgeTest;

/** Over its rate limit a source client's submission is refused with RATE_LIMITED, without a command; others pass. */
@TestPropertySource(properties = {"mdg.graphql.submissions.per-second=0.01", "mdg.graphql.submissions.burst=2"})
class SubmissionRateLimitGraphQlTest extends EdgeTest {

    private static final String SUBMIT = """
            mutation { submitSupplier(input: { sourceId: "V-1", legalName: "Acme" }) { outcome } }""";
    private static final String BATCH = """
            mutation { submitBatch(input: { suppliers: [{ sourceId: "V-1" }, { sourceId: "V-2" }, { sourceId: "V-3" }] })
                { index } }""";

    @Test
    void over_the_limit_a_submission_is_refused_and_another_client_still_passes() throws Exception {
        when(commandGateway.send(any())).thenReturn(CompletableFuture.completedFuture(
                new SubmissionResult(SubmissionOutcome.UNCHANGED, "g", List.of(), List.of())));
        graphql(SUBMIT, Map.of(), sourceClient("inventory", "INVENTORY")).andExpect(jsonPath("$.errors").doesNotExist());
        graphql(SUBMIT, Map.of(), sourceClient("inventory", "INVENTORY")).andExpect(jsonPath("$.errors").doesNotExist());
        graphql(SUBMIT, Map.of(), sourceClient("inventory", "INVENTORY"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("RATE_LIMITED"))
                .andExpect(jsonPath("$.data.submitSupplier").doesNotExist());
        graphql(SUBMIT, Map.of(), sourceClient("supplier-portal", "SUPPLIER_PORTAL"))
                .andExpect(jsonPath("$.errors").doesNotExist());
        // a batch larger than what is left is refused as a whole: nothing of it is sent
        graphql(BATCH, Map.of(), sourceClient("supplier-portal", "SUPPLIER_PORTAL"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("RATE_LIMITED"));
        verify(commandGateway, times(3)).send(any());
    }
}
