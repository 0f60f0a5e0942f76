package io.mdg.graphql.security;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import io.mdg.graphql.EdgeTest;

/** Security headers on every answer, and cross-origin calls only from the configured origins. */
@TestPropertySource(properties = "mdg.security.allowed-origins=https://portal.example.org")
class HttpDefencesTest extends EdgeTest {

    @Test
    void every_answer_carries_the_security_headers_even_a_refusal() throws Exception {
        mvc.perform(post("/graphql").contentType(MediaType.APPLICATION_JSON).content("{\"query\":\"{ __typename }\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Referrer-Policy", "no-referrer"))
                .andExpect(header().string("Content-Security-Policy", "frame-ancestors 'none'"))
                .andExpect(header().string("Cache-Control", org.hamcrest.Matchers.containsString("no-store")));
    }

    @Test
    void a_configured_origin_may_call_cross_origin_and_another_may_not() throws Exception {
        mvc.perform(options("/graphql").header("Origin", "https://portal.example.org")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,content-type"))
                .andExpect(status().isOk())
                .andExpect(header().string("Access-Control-Allow-Origin", "https://portal.example.org"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Credentials"));
        mvc.perform(options("/graphql").header("Origin", "https://evil.example.com")
                        .header("Access-Control-Request-Method", "POST"))
                .andExpect(status().isForbidden())
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
    }

    @Test
    void a_bad_token_gets_a_bare_401_without_details() throws Exception {
        mvc.perform(post("/graphql").header("Authorization", "Bearer not.a.jwt").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"{ __typename }\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer error=\"invalid_token\""))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content().string(""));
        mvc.perform(post("/graphql").contentType(MediaType.APPLICATION_JSON).content("{\"query\":\"{ __typename }\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
    }

    @Test
    void a_malformed_bearer_header_is_refused_with_401_invalid_token() throws Exception {
        mvc.perform(post("/graphql").header("Authorization", "Bearer not a token")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"query\":\"{ __typename }\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate",
                        org.hamcrest.Matchers.startsWith("Bearer error=\"invalid_token\"")));
    }

    @Test
    void a_header_with_a_control_character_is_rejected_by_the_firewall() throws Exception {
        mvc.perform(post("/graphql").header("Authorization", "Bearer abc\u0001def")
                        .contentType(MediaType.APPLICATION_JSON).content("{\"query\":\"{ __typename }\"}"))
                .andExpect(status().isBadRequest());
    }
}
