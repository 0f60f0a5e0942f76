package io.mdg.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import io.mdg.command.delegation.DelegatorAccounts;
import io.mdg.graphql.security.SecurityProperties;
import io.mdg.graphql.security.UserAccounts;
import io.mdg.graphql.security.UserAccountsProperties;
import io.mdg.graphql.security.UserStatusProperties;

/**
 * Whether a delegator's account is still enabled in the identity provider ({@link UserAccounts}, Keycloak's admin
 * API as the service account of {@code mdg-api}): asked by the command side's change requests each time a delegate
 * decides for a delegator ({@link DelegatorAccounts}), and by the edge to leave a disabled delegator's requests out of
 * their delegates' inboxes. Switched with the introspection of a person's own token
 * ({@code mdg.security.user-status.check}, {@code MDG_USER_STATUS_CHECK}): off only where tokens come from no identity
 * provider (tests that sign their own), and then every delegator counts as enabled; never with the {@code prod}
 * profile.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityProperties.class, UserStatusProperties.class, UserAccountsProperties.class})
public class UserAccountsConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(UserAccountsConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = "mdg.security.user-status.check", havingValue = "true", matchIfMissing = true)
    public UserAccounts userAccounts(UserAccountsProperties properties, UserStatusProperties client,
                                     SecurityProperties security) {
        return new UserAccounts(properties, client, security);
    }

    @Bean
    @Profile("command")
    public DelegatorAccounts delegatorAccounts(ObjectProvider<UserAccounts> userAccounts, Environment environment) {
        UserAccounts accounts = userAccounts.getIfAvailable();
        if (accounts == null) {
            if (environment.acceptsProfiles(Profiles.of("prod"))) {
                throw new IllegalStateException("mdg.security.user-status.check=false is refused with the prod"
                        + " profile: a delegate must lose the right to decide for a delegator disabled in the"
                        + " identity provider at once");
            }
            LOG.info("mdg.security.user-status.check=false: delegators' accounts are not asked about (every"
                    + " delegator counts as enabled); only for tokens from no identity provider");
            return delegator -> DelegatorAccounts.Status.ACTIVE;
        }
        return delegator -> switch (accounts.status(delegator)) {
            case ACTIVE -> DelegatorAccounts.Status.ACTIVE;
            case INACTIVE -> DelegatorAccounts.Status.INACTIVE;
            case UNKNOWN -> DelegatorAccounts.Status.UNKNOWN;
        };
    }
}
