package io.mdg.app.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.mdg.api.consumer.WebhookSecret;
import io.mdg.distribution.webhook.DeliveryOutcome;
import io.mdg.distribution.webhook.SigningSecrets;
import io.mdg.distribution.webhook.WebhookSender;
import io.mdg.rules.consumer.EndpointPolicy;

/** The demo receiver accepts what the service's own sender signs with its secret, and nothing signed otherwise. */
class WebhookReceiverTest {

    private static final String BATCH = "[{\"specversion\":\"1.0\",\"id\":\"e-1\",\"type\":\"io.mdg.record.created\","
            + "\"subject\":\"SUPPLIER/s-1\",\"recordversion\":1,\"time\":\"2026-12-07T10:00:00Z\"}]";

    @Test
    void it_prints_the_events_of_a_delivery_signed_with_its_secret_and_refuses_one_signed_with_another() throws Exception {
        String secret = WebhookSecret.generate().value();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WebhookSender sender = new WebhookSender(EndpointPolicy.forSetting(true), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        try (WebhookReceiver receiver = WebhookReceiver.start(0, secret,
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            String url = "http://127.0.0.1:" + receiver.port() + "/mdg/hooks";

            DeliveryOutcome good = sender.send(url, "msg-1", Instant.now(), "application/cloudevents-batch+json",
                    BATCH, SigningSecrets.of(secret));
            DeliveryOutcome forged = sender.send(url, "msg-2", Instant.now(), "application/cloudevents-batch+json",
                    BATCH, SigningSecrets.of(WebhookSecret.generate().value()));

            assertThat(good.status()).isEqualTo(DeliveryOutcome.Status.DELIVERED);
            assertThat(forged.status()).isNotEqualTo(DeliveryOutcome.Status.DELIVERED);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("verified msg-1: io.mdg.record.created SUPPLIER/s-1 version 1 (id e-1");
        assertThat(output).contains("REFUSED msg-2").doesNotContain("verified msg-2");
    }
}
