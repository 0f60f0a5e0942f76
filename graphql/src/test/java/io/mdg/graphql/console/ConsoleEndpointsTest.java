package io.mdg.graphql.console;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import io.mdg.graphql.EdgeTest;

/**
 * The console's files and config are served without a token, under their own Content-Security-Policy (scripts and
 * styles from the service only, calls to the service and the issuer, never framed); everything else stays as it was.
 */
@TestPropertySource(properties = "mdg.security.issuer=https://login.example.org:8443/realms/mdg")
class ConsoleEndpointsTest extends EdgeTest {

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self' https://login.example.org:8443; form-action 'self'; base-uri 'none'; "
            + "frame-ancestors 'none'";

    @Test
    void the_config_names_the_issuer_and_the_public_client_without_a_token() throws Exception {
        mvc.perform(get("/console/config.json"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.issuer").value("https://login.example.org:8443/realms/mdg"))
                .andExpect(jsonPath("$.clientId").value("mdg-console"))
                // the rules file's roles, which the console shows its views by
                .andExpect(jsonPath("$.stewardRoles.SUPPLIER").value("supplier-steward"))
                .andExpect(jsonPath("$.stewardRoles.LOCATION").value("location-steward"))
                .andExpect(jsonPath("$.roles[0]").value("supplier-steward"))
                .andExpect(jsonPath("$.roles[4]").value("admin"))
                // the roles of other approval steps and the escalation role (they get the inbox)
                .andExpect(jsonPath("$.deciderRoles", org.hamcrest.Matchers.containsInAnyOrder("finance-controller",
                        "category-manager", "data-governance-lead")))
                .andExpect(header().string("Content-Security-Policy", POLICY))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Cache-Control", containsString("no-store")));
    }

    @Test
    void the_page_and_its_modules_are_static_files_served_without_a_token() throws Exception {
        mvc.perform(get("/console")).andExpect(status().isFound())
                .andExpect(header().string("Location", "/console/"));
        mvc.perform(get("/console/")).andExpect(status().isOk()).andExpect(forwardedUrl("/console/index.html"));
        mvc.perform(get("/console/index.html"))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", POLICY))
                // no inline script or style: the policy would block it
                .andExpect(content().string(allOf(containsString("<script type=\"module\" src=\"js/main.js\"></script>"),
                        not(containsString("<style")), not(containsString("style=\"")), not(containsString("onclick")))));
        mvc.perform(get("/console/js/main.js")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/javascript"));
        mvc.perform(get("/console/console.css")).andExpect(status().isOk());
    }

    @Test
    void only_reading_is_open_under_console_and_the_api_keeps_its_own_policy() throws Exception {
        mvc.perform(post("/console/config.json")).andExpect(status().isUnauthorized());
        mvc.perform(post("/graphql").contentType(MediaType.APPLICATION_JSON).content("{\"query\":\"{ __typename }\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("Content-Security-Policy", "frame-ancestors 'none'"));
        mvc.perform(get("/consoleX/config.json")).andExpect(status().isUnauthorized());
    }
}
