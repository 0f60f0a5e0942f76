package io.mdg.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * A document parsed and validated once is taken from {@link ParsedDocuments} afterwards, and every request is still
 * held to the limits with its own variables, charged to its caller, and checked for introspection.
 */
@TestPropertySource(properties = {"mdg.graphql.per-caller.cost-per-second=1", "mdg.graphql.per-caller.burst=100",
        "mdg.security.introspection-roles=admin"})
class ParsedDocumentsGraphQlTest extends EdgeTest {

    @Autowired
    ParsedDocuments documents;

    @Test
    void a_cached_document_over_the_complexity_limit_with_its_variables_is_refused_every_time() throws Exception {
        String fields = "id version status legalName taxId duns gln tradingNames createdAt updatedAt mergedInto "
                + "orderingAddress { line1 city postalCode country } remitToAddress { line1 city postalCode country }";
        String document = "query Wide($n: Int) { suppliers(first: $n) { edges { node { " + fields + " } } } }";
        graphql(document, Map.of("n", 1), user("wes.wide", "analyst"))
                .andExpect(jsonPath("$.errors[*].extensions.code", not(hasItem("QUERY_TOO_COMPLEX"))));
        assertThat(documents.holds(document)).isTrue();
        for (int time = 0; time < 2; time++) {
            graphql(document, Map.of("n", 500), user("wes.wide", "analyst"))
                    .andExpect(jsonPath("$.data").doesNotExist())
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("QUERY_TOO_COMPLEX"));
        }
    }

    @Test
    void a_document_over_a_limit_is_not_kept_and_refused_again() throws Exception {
        String deep = "{ location(id: \"l-1\") { " + "parent { ".repeat(12) + "id" + " }".repeat(12) + " } }";
        for (int time = 0; time < 2; time++) {
            graphql(deep, Map.of(), user("dee.deep", "analyst"))
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("QUERY_TOO_DEEP"));
        }
        assertThat(documents.holds(deep)).isFalse();
    }

    @Test
    void a_cached_document_is_charged_to_its_caller_on_every_request() throws Exception {
        String page = "query Page($n: Int) { contracts(first: $n) { edges { node { id contractNumber } } } }";
        // cheap: parsed, validated, kept
        graphql(page, Map.of("n", 1), user("pat.pages", "analyst"))
                .andExpect(jsonPath("$.errors[*].extensions.code", not(hasItem("RATE_LIMITED"))));
        assertThat(documents.holds(page)).isTrue();
        // taken from the cache and charged its 201 points: the bucket of 100 is spent
        graphql(page, Map.of("n", 50), user("pat.pages", "analyst"))
                .andExpect(jsonPath("$.errors[*].extensions.code", not(hasItem("RATE_LIMITED"))));
        mvc.perform(post("/graphql").with(user("pat.pages", "analyst")).contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("query", page, "variables", Map.of("n", 1)))))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("RATE_LIMITED"));
    }

    @Test
    void introspection_cached_for_an_admin_is_still_refused_to_an_analyst() throws Exception {
        String introspection = "{ __schema { queryType { name } } } ";
        graphql(introspection, Map.of(), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.data.__schema.queryType.name").value("Query"));
        assertThat(documents.holds(introspection)).isTrue();
        graphql(introspection, Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"))
                .andExpect(jsonPath("$.data.__schema").doesNotExist());
    }
}
