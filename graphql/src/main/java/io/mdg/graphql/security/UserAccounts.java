package io.mdg.graphql.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Whether a person's account is enabled in the identity provider now, asked by name when there is no token of theirs
 * to introspect: a delegate decides for a delegator who is not there, and a delegation must end with its delegator's
 * account. Keycloak's admin REST API answers ({@code GET /admin/realms/<realm>/users?username=<name>&exact=true}:
 * {@code enabled}; no such user: deleted), asked with a client-credentials token of the realm's confidential client
 * {@code mdg-api}, whose service account holds only realm-management {@code view-users} (it can read users, change
 * nothing). The token is kept until shortly before it expires; an answer about a person is used again for a few
 * seconds ({@link UserAccountsProperties#cache()}). When the identity provider cannot be asked the answer is
 * {@link Status#UNKNOWN} (the caller refuses: fails closed), never cached.
 */
public class UserAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(UserAccounts.class);
    /** A token is renewed this long before it expires (or at half its life, when that is shorter). */
    private static final Duration RENEW_BEFORE = Duration.ofSeconds(30);

    /** What the identity provider says about a person's account. */
    public enum Status { ACTIVE, INACTIVE, UNKNOWN }

    private final RestClient http;
    private final URI adminUri;
    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private final Cache<String, Boolean> answers;
    private volatile ServiceToken token;

    private record ServiceToken(String value, Instant renewAt) {
    }

    public UserAccounts(UserAccountsProperties properties, UserStatusProperties client, SecurityProperties security) {
        this(properties.adminUri(security), properties.tokenUri(security), client.clientId(), client.clientSecret(),
                properties.cache(), properties.timeout(), Clock.systemUTC());
    }

    UserAccounts(URI adminUri, URI tokenUri, String clientId, String clientSecret, Duration cache, Duration timeout,
                 Clock clock) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(timeout);
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder().requestFactory(requests).build();
        this.adminUri = adminUri;
        this.tokenUri = tokenUri;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
        this.answers = Caffeine.newBuilder()
                .expireAfterWrite(cache)
                .maximumSize(10_000)
                .executor(Runnable::run)
                .build();
    }

    /** The state of {@code username}'s account, asked now (or a few seconds ago). */
    public Status status(String username) {
        Boolean enabled = answers.getIfPresent(username);
        if (enabled == null) {
            try {
                enabled = ask(username);
            } catch (RestClientResponseException e) {
                HttpStatusCode code = e.getStatusCode();
                LOG.warn("could not ask the identity provider whether the account of {} is enabled (Keycloak answered"
                                + " HTTP {}); a delegate's decision for them is refused. {}", username, code.value(),
                        code.value() == 401 || code.value() == 403
                                ? "Check that the client " + clientId + " has a service account with the"
                                        + " realm-management role view-users (keycloak/mdg-realm.json) and that"
                                        + " MDG_KEYCLOAK_API_SECRET is its secret"
                                : "Check that Keycloak's admin API (" + adminUri + ", MDG_KEYCLOAK_ADMIN_URI) and"
                                        + " token endpoint (" + tokenUri + ", MDG_KEYCLOAK_TOKEN_URI) answer");
                return Status.UNKNOWN;
            } catch (RestClientException | IllegalStateException e) {
                LOG.warn("could not ask the identity provider whether the account of {} is enabled ({}); a delegate's"
                        + " decision for them is refused. Check that Keycloak's admin API ({}) and token endpoint ({})"
                        + " are reachable (MDG_KEYCLOAK_ADMIN_URI, MDG_KEYCLOAK_TOKEN_URI)", username,
                        e.getMessage(), adminUri, tokenUri);
                return Status.UNKNOWN;
            }
            answers.put(username, enabled);
        }
        return enabled ? Status.ACTIVE : Status.INACTIVE;
    }

    /** Whether the user exists and is enabled; a rejected token is renewed once (e.g. after a key rotation). */
    private boolean ask(String username) {
        try {
            return lookUp(username, serviceToken(false));
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() != 401) {
                throw e;
            }
            return lookUp(username, serviceToken(true));
        }
    }

    private boolean lookUp(String username, String bearer) {
        URI uri = UriComponentsBuilder.fromUri(adminUri).path("/users")
                .queryParam("username", "{username}")
                .queryParam("exact", "true")
                .queryParam("briefRepresentation", "true")
                .buildAndExpand(username).encode().toUri();
        JsonNode users = http.get().uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .accept(MediaType.APPLICATION_JSON)
                .retrieve()
                .body(JsonNode.class);
        if (users == null || !users.isArray()) {
            throw new IllegalStateException("the admin API answered no list of users");
        }
        for (JsonNode user : users) {
            // Keycloak keeps user names in lower case and matches them so; exact=true leaves no other match
            if (username.equalsIgnoreCase(user.path("username").asText())) {
                return user.path("enabled").asBoolean(false);
            }
        }
        return false;
    }

    /** The service account's access token: kept until shortly before it expires, or renewed when asked to. */
    private synchronized String serviceToken(boolean renew) {
        ServiceToken current = token;
        Instant now = clock.instant();
        if (!renew && current != null && now.isBefore(current.renewAt())) {
            return current.value();
        }
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "client_credentials");
        JsonNode answer = http.post().uri(tokenUri)
                .headers(headers -> headers.setBasicAuth(clientId, clientSecret, java.nio.charset.StandardCharsets.UTF_8))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .accept(MediaType.APPLICATION_JSON)
                .body(form)
                .retrieve()
                .body(JsonNode.class);
        String value = answer == null ? null : answer.path("access_token").asText(null);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("the token endpoint answered no access_token");
        }
        Duration lifetime = Duration.ofSeconds(Math.max(0, answer.path("expires_in").asLong(0)));
        Duration early = lifetime.dividedBy(2).compareTo(RENEW_BEFORE) < 0 ? lifetime.dividedBy(2) : RENEW_BEFORE;
        token = new ServiceToken(value, now.plus(lifetime).minus(early));
        return value;
    }
}
