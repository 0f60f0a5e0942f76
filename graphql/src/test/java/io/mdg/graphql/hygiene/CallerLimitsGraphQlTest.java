package io.mdg.graphql.hygiene;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import io.mdg.graphql.EdgeTest;

/**
 * A caller that spent its query cost is answered 429 with Retry-After before its request is read; another caller is
 * not held up by it.
 */
@TestPropertySource(properties = {"mdg.graphql.per-caller.cost-per-second=1", "mdg.graphql.per-caller.burst=100"})
class CallerLimitsGraphQlTest extends EdgeTest {

    private static final String PAGE = "{ contracts(first: 50) { edges { node { id contractNumber } } } }";

    @Test
    void an_analyst_over_its_query_cost_gets_429_with_retry_after_and_a_steward_still_gets_answers() throws Exception {
        graphql(PAGE, Map.of(), user("andy.analyst", "analyst"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.errors[*].extensions.code", not(hasItem("RATE_LIMITED"))));
        mvc.perform(post("/graphql").with(user("andy.analyst", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\": \"" + PAGE + "\"}"))
                .andExpect(status().isTooManyRequests())
                // 201 points charged to a bucket of 100 refilled at 1 per second: about 100 s to wait
                .andExpect(header().string("Retry-After", org.hamcrest.Matchers.matchesPattern("(9\\d|10[0-2])")))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("RATE_LIMITED"))
                .andExpect(jsonPath("$.errors[0].extensions.retryAfterSeconds").isNumber());
        graphql("{ recordCounts { count } }", Map.of(), user("sam.supplier", "supplier-steward"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.errors[*].extensions.code", not(hasItem("RATE_LIMITED"))));
    }
}
