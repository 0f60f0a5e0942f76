package io.mdg.graphql.security;

import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import io.mdg.graphql.EdgeTest;

/** Schema introspection only for the configured roles (here admin, as in the prod profile); anyone else: FORBIDDEN. */
@TestPropertySource(properties = "mdg.security.introspection-roles=admin")
class IntrospectionAccessTest extends EdgeTest {

    private static final String INTROSPECTION = "{ __schema { queryType { name } } }";

    @Test
    void an_admin_introspects_the_schema() throws Exception {
        graphql(INTROSPECTION, Map.of(), user("ada.admin", "admin"))
                .andExpect(jsonPath("$.errors").doesNotExist())
                .andExpect(jsonPath("$.data.__schema.queryType.name").value("Query"));
    }

    @Test
    void an_analyst_a_steward_and_a_source_client_are_refused() throws Exception {
        for (var caller : java.util.List.of(user("andy.analyst", "analyst"), user("sam.supplier", "supplier-steward"),
                sourceClient("erp", "ERP"))) {
            graphql(INTROSPECTION + " ", Map.of(), caller)
                    .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"))
                    .andExpect(jsonPath("$.data.__schema").doesNotExist());
        }
        graphql("{ __type(name: \"Supplier\") { name } }", Map.of(), user("andy.analyst", "analyst"))
                .andExpect(jsonPath("$.errors[0].extensions.code").value("FORBIDDEN"));
    }
}
