package io.mdg.app.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mdg.app.intake.InboundRefusal.Reason;

/** The sender of a webhook is verified by its signature, its time and its delivery id. */
class WebhookVerifierTest {

    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");
    private static final String BODY = "{\"type\":\"supplier.created\",\"data\":{\"supplier\":{\"id\":\"S-1\"}}}";

    private final String secret = Webhooks.newSecret();
    private final InboundSettings.Signature standard = new InboundSettings.Signature(null, null, null, null, null,
            null);

    private WebhookVerifier.Verified verify(WebhookVerifier verifier, Map<String, String> headers, String body,
                                            Instant now) {
        return verifier.verify(Webhooks.lookup(headers), body.getBytes(StandardCharsets.UTF_8), now);
    }

    private static Reason refusal(Runnable check) {
        try {
            check.run();
        } catch (InboundRefusal refusal) {
            return refusal.reason();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void a_standard_webhook_signed_with_the_source_secret_is_accepted_with_its_id_and_time() {
        WebhookVerifier verifier = new WebhookVerifier(standard, List.of(secret), WINDOW);
        Map<String, String> headers = Webhooks.standard(secret, "msg_1", NOW.getEpochSecond() - 30, BODY);
        WebhookVerifier.Verified verified = verify(verifier, headers, BODY, NOW);
        assertThat(verified.webhookId()).isEqualTo("msg_1");
        assertThat(verified.sentAt()).isEqualTo(NOW.minusSeconds(30));
    }

    @Test
    void a_wrong_signature_a_changed_body_or_another_secret_is_refused_as_bad_signature() {
        WebhookVerifier verifier = new WebhookVerifier(standard, List.of(secret), WINDOW);
        Map<String, String> headers = Webhooks.standard(secret, "msg_1", NOW.getEpochSecond(), BODY);
        assertThat(refusal(() -> verify(verifier, headers, BODY.replace("S-1", "S-2"), NOW)))
                .isEqualTo(Reason.BAD_SIGNATURE);
        Map<String, String> stranger = Webhooks.standard(Webhooks.newSecret(), "msg_1", NOW.getEpochSecond(), BODY);
        assertThat(refusal(() -> verify(verifier, stranger, BODY, NOW))).isEqualTo(Reason.BAD_SIGNATURE);
        Map<String, String> otherId = new java.util.HashMap<>(headers);
        otherId.put("webhook-id", "msg_2");
        assertThat(refusal(() -> verify(verifier, otherId, BODY, NOW))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void an_unsigned_webhook_is_refused_and_one_without_id_or_time_too() {
        WebhookVerifier verifier = new WebhookVerifier(standard, List.of(secret), WINDOW);
        Map<String, String> headers = Webhooks.standard(secret, "msg_1", NOW.getEpochSecond(), BODY);
        Map<String, String> unsigned = new java.util.HashMap<>(headers);
        unsigned.remove("webhook-signature");
        assertThat(refusal(() -> verify(verifier, unsigned, BODY, NOW))).isEqualTo(Reason.UNSIGNED);
        Map<String, String> noId = new java.util.HashMap<>(headers);
        noId.remove("webhook-id");
        assertThat(refusal(() -> verify(verifier, noId, BODY, NOW))).isEqualTo(Reason.MISSING_ID);
        Map<String, String> badTime = new java.util.HashMap<>(headers);
        badTime.put("webhook-timestamp", "yesterday");
        assertThat(refusal(() -> verify(verifier, badTime, BODY, NOW))).isEqualTo(Reason.BAD_TIMESTAMP);
        assertThat(Reason.UNSIGNED.status()).isEqualTo(401);
        assertThat(Reason.MISSING_ID.status()).isEqualTo(400);
    }

    @Test
    void a_webhook_sent_outside_the_window_is_refused_as_stale_either_way() {
        WebhookVerifier verifier = new WebhookVerifier(standard, List.of(secret), WINDOW);
        long old = NOW.minus(WINDOW).minusSeconds(1).getEpochSecond();
        assertThat(refusal(() -> verify(verifier, Webhooks.standard(secret, "msg_1", old, BODY), BODY, NOW)))
                .isEqualTo(Reason.STALE);
        long future = NOW.plus(WINDOW).plusSeconds(1).getEpochSecond();
        assertThat(refusal(() -> verify(verifier, Webhooks.standard(secret, "msg_1", future, BODY), BODY, NOW)))
                .isEqualTo(Reason.STALE);
        long edge = NOW.minus(WINDOW).getEpochSecond();
        assertThat(verify(verifier, Webhooks.standard(secret, "msg_1", edge, BODY), BODY, NOW).webhookId())
                .isEqualTo("msg_1");
    }

    @Test
    void during_a_rotation_the_previous_secret_and_the_new_one_both_verify() {
        String next = Webhooks.newSecret();
        WebhookVerifier verifier = new WebhookVerifier(standard, List.of(next, secret), WINDOW);
        assertThat(verify(verifier, Webhooks.standard(secret, "a", NOW.getEpochSecond(), BODY), BODY, NOW)
                .webhookId()).isEqualTo("a");
        assertThat(verify(verifier, Webhooks.standard(next, "b", NOW.getEpochSecond(), BODY), BODY, NOW)
                .webhookId()).isEqualTo("b");
        // once the rotation is over the old secret is refused
        WebhookVerifier after = new WebhookVerifier(standard, List.of(next), WINDOW);
        assertThat(refusal(() -> verify(after, Webhooks.standard(secret, "c", NOW.getEpochSecond(), BODY), BODY,
                NOW))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void a_platform_signing_the_body_alone_in_its_own_header_is_verified_by_its_configured_scheme() {
        String issued = "procurely-endpoint-secret-4f1c9a";
        InboundSettings.Signature custom = new InboundSettings.Signature("hmac-sha256", "X-Signature",
                "X-Delivery-Id", "", "sha256=", "hex");
        WebhookVerifier verifier = new WebhookVerifier(custom, List.of(issued), WINDOW);
        String hex = HexFormat.of().formatHex(Webhooks.hmac(issued.getBytes(StandardCharsets.UTF_8), BODY));
        Map<String, String> headers = Map.of("X-Signature", "sha256=" + hex, "X-Delivery-Id", "d-1");
        WebhookVerifier.Verified verified = verify(verifier, headers, BODY, NOW);
        assertThat(verified.webhookId()).isEqualTo("d-1");
        assertThat(verified.sentAt()).isNull();
        // the same digest without its prefix, over another body, or in the Standard Webhooks header: refused
        assertThat(refusal(() -> verify(verifier, Map.of("X-Signature", hex, "X-Delivery-Id", "d-1"), BODY, NOW)))
                .isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(() -> verify(verifier, headers, BODY + " ", NOW))).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(refusal(() -> verify(verifier, Map.of("webhook-signature", "sha256=" + hex,
                "X-Delivery-Id", "d-1"), BODY, NOW))).isEqualTo(Reason.UNSIGNED);
    }

    @Test
    void a_misconfigured_scheme_or_secret_is_refused_at_start_up_without_showing_the_secret() {
        assertThatThrownBy(() -> new WebhookVerifier(standard, List.of(), WINDOW)).hasMessageContaining("secret");
        assertThatThrownBy(() -> new WebhookVerifier(standard, List.of("not-a-whsec-secret"), WINDOW))
                .hasMessageContaining("whsec_").hasMessageNotContaining("not-a-whsec-secret");
        assertThatThrownBy(() -> new WebhookVerifier(new InboundSettings.Signature("rsa", null, null, null, null,
                null), List.of(secret), WINDOW)).hasMessageContaining("unknown signature scheme");
        assertThatThrownBy(() -> new WebhookVerifier(new InboundSettings.Signature("hmac-sha256", null, null, null,
                null, "octal"), List.of(secret), WINDOW)).hasMessageContaining("hex or base64");
        assertThat(new WebhookVerifier(standard, List.of(secret), WINDOW).toString()).doesNotContain(secret);
    }
}
