package io.mdg.graphql.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.security.oauth2.server.resource.introspection.BadOpaqueTokenException;
import org.springframework.security.oauth2.server.resource.introspection.OAuth2IntrospectionException;
import org.springframework.security.oauth2.server.resource.introspection.OpaqueTokenIntrospector;
import org.springframework.security.oauth2.server.resource.introspection.SpringOpaqueTokenIntrospector;
import org.springframework.web.client.RestTemplate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Whether a person may still act: their account enabled and their session alive in the identity provider now, not
 * when their token was issued. A steward disabled in Keycloak (or whose sessions an administrator ended) keeps a
 * signed, unexpired token for minutes; before each of their changes the service introspects that token (RFC 7662,
 * Spring Security's {@link SpringOpaqueTokenIntrospector}, as the realm's confidential client {@code mdg-api}), and
 * Keycloak answers {@code active: false} for a disabled or deleted user or an ended session. An answer is used again
 * for the same token for a few seconds ({@link UserStatusProperties#cache()}). When the identity provider cannot be
 * asked, the change is refused (fails closed): nothing is changed, and retrying later is safe.
 */
public class ActiveUsers {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveUsers.class);

    /** What the identity provider says about a token's person. */
    public enum Status { ACTIVE, INACTIVE, UNKNOWN }

    private final OpaqueTokenIntrospector introspector;
    private final Cache<String, Boolean> answers;

    public ActiveUsers(UserStatusProperties properties, SecurityProperties security) {
        this(introspector(properties, security), properties);
    }

    ActiveUsers(OpaqueTokenIntrospector introspector, UserStatusProperties properties) {
        this.introspector = introspector;
        this.answers = Caffeine.newBuilder()
                .expireAfterWrite(properties.cache())
                .maximumSize(10_000)
                .executor(Runnable::run)
                .build();
    }

    private static OpaqueTokenIntrospector introspector(UserStatusProperties properties, SecurityProperties security) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(properties.timeout());
        requests.setReadTimeout(properties.timeout());
        RestTemplate rest = new RestTemplate(requests);
        rest.getInterceptors().add(new BasicAuthenticationInterceptor(properties.clientId(), properties.clientSecret(),
                StandardCharsets.UTF_8));
        return new SpringOpaqueTokenIntrospector(properties.introspectionUri(security).toString(), rest);
    }

    /** The state of the person the token was issued to, asked now (or a few seconds ago for the same token). */
    public Status status(String token) {
        String key = digest(token);
        Boolean active = answers.getIfPresent(key);
        if (active == null) {
            try {
                introspector.introspect(token);
                active = true;
            } catch (BadOpaqueTokenException inactive) {
                active = false;
            } catch (OAuth2IntrospectionException | IllegalStateException e) {
                LOG.warn("could not ask the identity provider whether a token is still active ({}); the change is"
                        + " refused. Check MDG_KEYCLOAK_API_SECRET (the mdg-api client's secret) and that the"
                        + " introspection endpoint is reachable", e.getMessage());
                return Status.UNKNOWN;
            }
            answers.put(key, active);
        }
        return active ? Status.ACTIVE : Status.INACTIVE;
    }

    /** Tokens are not kept as they are: the cache is keyed by their SHA-256. */
    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
