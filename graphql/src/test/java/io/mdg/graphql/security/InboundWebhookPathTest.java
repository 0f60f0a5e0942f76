package io.mdg.graphql.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Exactly one path goes without a token, to the signature check: {@code /inbound/<source>}, one plain segment. */
class InboundWebhookPathTest {

    @Test
    void only_a_single_plain_segment_under_inbound_is_a_webhook_path() {
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/sourcing")).isTrue();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/supplier-portal")).isTrue();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/erp_2")).isTrue();

        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/sourcing/")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/sourcing/extra")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/../graphql")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/sourcing;x=1")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/%2e%2e")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/graphql")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/intake/dead-letters")).isFalse();
        assertThat(SecurityConfiguration.inboundWebhookPath("/inbound/" + "a".repeat(65))).isFalse();
    }
}
