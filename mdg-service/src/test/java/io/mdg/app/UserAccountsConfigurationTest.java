package io.mdg.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.env.MockEnvironment;

import io.mdg.command.delegation.DelegatorAccounts;

/**
 * How the command side's {@link DelegatorAccounts} is wired: without the identity provider check (tests that sign their
 * own tokens) every delegator counts as enabled, as persons' own tokens are then not introspected either; with the
 * {@code prod} profile that is refused at start.
 */
class UserAccountsConfigurationTest {

    private final UserAccountsConfiguration configuration = new UserAccountsConfiguration();
    private final DefaultListableBeanFactory noUserAccounts = new DefaultListableBeanFactory();

    @Test
    void without_the_check_every_delegator_counts_as_enabled() {
        DelegatorAccounts accounts = configuration.delegatorAccounts(
                noUserAccounts.getBeanProvider(io.mdg.graphql.security.UserAccounts.class), new MockEnvironment());
        assertThat(accounts.status("fay.finance")).isEqualTo(DelegatorAccounts.Status.ACTIVE);
    }

    @Test
    void without_the_check_the_prod_profile_refuses_to_start() {
        MockEnvironment prod = new MockEnvironment();
        prod.setActiveProfiles("command", "prod");
        assertThatThrownBy(() -> configuration.delegatorAccounts(
                noUserAccounts.getBeanProvider(io.mdg.graphql.security.UserAccounts.class), prod))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("prod");
    }
}
