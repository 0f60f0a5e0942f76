package io.mdg.graphql;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.record.FindRecordQuery;
import io.mdg.api.record.FindRecordsQuery;
import io.mdg.api.record.RecordView;

/**
 * The GraphQL edge alone, over MockMvc with mocked JWTs and mocked Axon gateways. GraphQL documents are read from
 * {@code src/test/resources/graphql-test/<name>.graphql}.
 */
@SpringBootTest
@AutoConfigureMockMvc
public abstract class EdgeTest {

    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected ObjectMapper json;
    @MockitoBean
    protected CommandGateway commandGateway;
    @MockitoBean
    protected QueryGateway queryGateway;
    /** Kept by the query side in the service's PostgreSQL, which the edge alone has not. */
    @MockitoBean
    protected io.mdg.api.audit.SensitiveReadLog sensitiveReadLog;

    /** A document from {@code graphql-test/}, or the text itself when it is not a document name. */
    protected static String document(String nameOrText) {
        if (nameOrText.contains("{")) {
            return nameOrText;
        }
        try (InputStream in = EdgeTest.class.getResourceAsStream("/graphql-test/" + nameOrText + ".graphql")) {
            if (in == null) {
                throw new IllegalArgumentException("no document graphql-test/" + nameOrText + ".graphql");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected ResultActions graphql(String document, Map<String, ?> variables, RequestPostProcessor auth)
            throws Exception {
        ResultActions first = mvc.perform(post("/graphql").with(auth).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(Map.of("query", document(document), "variables", variables))));
        MvcResult started = first.andReturn();
        ResultActions result = started.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(started)) : first;
        return result.andExpect(status().isOk());
    }

    /** The command a (captured) argument of {@code commandGateway.send} carries. */
    protected static Object payload(Object sent) {
        return sent instanceof org.axonframework.commandhandling.CommandMessage<?> message ? message.getPayload() : sent;
    }

    private final Map<String, RecordView> givenRecords = new java.util.concurrent.ConcurrentHashMap<>();

    /** The golden record is found by its type and id (and by id alone), also in batches of ids of its type. */
    protected void given(RecordView... views) {
        for (RecordView view : views) {
            when(queryGateway.query(eq(new FindRecordQuery(view.type(), view.id())), any(ResponseType.class)))
                    .thenReturn(CompletableFuture.completedFuture(Optional.of(view)));
            givenRecords.put(view.type() + "/" + view.id(), view);
        }
        when(queryGateway.query(any(FindRecordsQuery.class), any(ResponseType.class))).thenAnswer(call -> {
            FindRecordsQuery query = call.getArgument(0);
            return CompletableFuture.completedFuture(query.ids().stream()
                    .map(id -> givenRecords.get(query.type() + "/" + id)).filter(java.util.Objects::nonNull).toList());
        });
    }

    protected static RequestPostProcessor sourceClient(String clientId, String system) {
        return jwt().jwt(j -> j.claim("azp", clientId).claim("source_system", system)
                        .claim("preferred_username", "service-account-" + clientId))
                .authorities(new SimpleGrantedAuthority("ROLE_source-system"));
    }

    protected static RequestPostProcessor user(String username, String... roles) {
        return jwt().jwt(j -> j.claim("azp", "mdg-cli").claim("preferred_username", username))
                .authorities(java.util.Arrays.stream(roles).map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                        .toArray(org.springframework.security.core.GrantedAuthority[]::new));
    }
}
