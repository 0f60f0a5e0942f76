package io.mdg.graphql.hygiene;

import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.graphql.MediaTypes;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;

import io.mdg.graphql.EdgeTest;

/**
 * Request limits and GraphQL-over-HTTP behaviour: refused documents never reach a data fetcher (the gateways stay
 * untouched), every error has a code, and with {@code Accept: application/graphql-response+json} a request that
 * cannot be executed is a 400 in that media type.
 */
class GraphQlHygieneTest extends EdgeTest {

    @Test
    void a_document_nested_deeper_than_twelve_levels_is_refused_before_execution() throws Exception {
        String deep = "{ location(id: \"l-1\") { " + "parent { ".repeat(12) + "id" + " }".repeat(12) + " } }";
        graphql(deep, Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data").doesNotExist())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("QUERY_TOO_DEEP"))
                .andExpect(jsonPath("$.errors[0].extensions.limit").value(12))
                .andExpect(jsonPath("$.errors[0].extensions.actual").value(14));
        verifyNoInteractions(queryGateway, commandGateway);
    }

    @Test
    void twelve_levels_are_still_served() throws Exception {
        String deep = "{ location(id: \"l-1\") { " + "parent { ".repeat(10) + "id" + " }".repeat(10) + " } }";
        graphql(deep, Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[*].extensions.code", not(hasItem("QUERY_TOO_DEEP"))));
    }

    @Test
    void more_than_thirty_aliases_are_refused() throws Exception {
        String aliases = IntStream.range(0, 31).mapToObj(i -> "a" + i + ": id").collect(Collectors.joining(" "));
        graphql("{ supplier(id: \"s-1\") { " + aliases + " } }", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("TOO_MANY_ALIASES"))
                .andExpect(jsonPath("$.errors[0].extensions.actual").value(31));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void aliases_hidden_in_a_fragment_count_every_time_it_is_used() throws Exception {
        String fragment = "fragment F on Supplier { " + IntStream.range(0, 10).mapToObj(i -> "n" + i + ": legalName")
                .collect(Collectors.joining(" ")) + " }";
        String document = "{ a: supplier(id: \"1\") { ...F } b: supplier(id: \"2\") { ...F } "
                + "c: supplier(id: \"3\") { ...F } } " + fragment;
        graphql(document, Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("TOO_MANY_ALIASES"))
                .andExpect(jsonPath("$.errors[0].extensions.actual").value(33));
    }

    @Test
    void more_than_ten_root_fields_are_refused() throws Exception {
        String roots = IntStream.range(0, 11).mapToObj(i -> "recordCounts { count }")
                .collect(Collectors.joining(" "));
        graphql("{ " + roots + " }", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("TOO_MANY_ROOT_FIELDS"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void a_large_page_of_wide_records_is_too_complex_and_the_page_size_comes_from_a_variable_too() throws Exception {
        String fields = "id version status legalName taxId duns gln tradingNames createdAt updatedAt mergedInto "
                + "orderingAddress { line1 city postalCode country } remitToAddress { line1 city postalCode country }";
        String document = "query($n: Int) { suppliers(first: $n) { edges { node { " + fields + " } } } }";
        graphql(document, Map.of("n", 500), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("QUERY_TOO_COMPLEX"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void unpaged_lists_count_their_declared_sizes_so_a_hundred_contracts_with_their_lines_are_too_complex()
            throws Exception {
        graphql("{ contracts(first: 100) { edges { node { id lines { unit price item { id packaging { unit gtin } } }"
                + " } } } }", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.data").doesNotExist())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("QUERY_TOO_COMPLEX"))
                .andExpect(jsonPath("$.errors[0].extensions.actual").value(26_401));
        graphql("{ locations(first: 20) { edges { node { children { children { sourceRefs { sourceId } } } } } } }",
                Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("QUERY_TOO_COMPLEX"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void the_page_of_fifty_contracts_with_their_lines_that_the_benchmark_reads_is_within_the_limit() throws Exception {
        graphql("{ contracts(first: 50) { edges { node { id contractNumber tier effectiveFrom effectiveTo supplier { "
                + "id legalName } lines { unit price currency item { id description } } } } pageInfo { hasNextPage "
                + "endCursor } } }", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[*].extensions.code", not(hasItem("QUERY_TOO_COMPLEX"))));
    }

    @Test
    void a_fragment_bomb_is_measured_without_expanding_it_and_refused() throws Exception {
        StringBuilder document = new StringBuilder("{ supplier(id: \"s-1\") { ...F40 } } fragment F0 on Supplier { id }");
        for (int i = 1; i <= 40; i++) {
            document.append(" fragment F").append(i).append(" on Supplier { ...F").append(i - 1)
                    .append(" ...F").append(i - 1).append(" }");
        }
        graphql(document.toString(), Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("QUERY_TOO_COMPLEX"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void a_body_over_one_mebibyte_is_refused_with_413_before_authentication() throws Exception {
        String padding = " ".repeat(1024 * 1024);
        mvc.perform(post("/graphql").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"{ recordCounts { count } }" + padding + "\"}"))
                .andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("REQUEST_TOO_LARGE"));
        verifyNoInteractions(queryGateway);
    }

    @Test
    void with_graphql_response_json_a_syntax_error_is_a_400_in_that_media_type_with_a_code() throws Exception {
        perform("{ supplier(id: ", MediaTypes.APPLICATION_GRAPHQL_RESPONSE)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaTypes.APPLICATION_GRAPHQL_RESPONSE))
                .andExpect(jsonPath("$.data").doesNotExist())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
    }

    @Test
    void with_graphql_response_json_a_validation_error_and_a_limit_refusal_are_400s() throws Exception {
        perform("{ supplier(id: \"s-1\") { noSuchField } }", MediaTypes.APPLICATION_GRAPHQL_RESPONSE)
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
        String aliases = IntStream.range(0, 31).mapToObj(i -> "a" + i + ": id").collect(Collectors.joining(" "));
        perform("{ supplier(id: \"s-1\") { " + aliases + " } }", MediaTypes.APPLICATION_GRAPHQL_RESPONSE)
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaTypes.APPLICATION_GRAPHQL_RESPONSE))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("TOO_MANY_ALIASES"));
    }

    @Test
    void with_application_json_the_same_errors_come_with_200_as_before() throws Exception {
        perform("{ supplier(id: ", MediaType.APPLICATION_JSON)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.errors[0].extensions.code").value("BAD_REQUEST"));
    }

    private ResultActions perform(String document, MediaType accept) throws Exception {
        ResultActions first = mvc.perform(post("/graphql").with(user("andy.analyst", "analyst"))
                .contentType(MediaType.APPLICATION_JSON).accept(accept)
                .content(json.writeValueAsString(Map.of("query", document))));
        MvcResult started = first.andReturn();
        return started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)) : first;
    }
}
