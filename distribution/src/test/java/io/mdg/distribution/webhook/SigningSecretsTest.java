package io.mdg.distribution.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A receiver's check of Standard Webhooks signatures, with the same scheme code that signs outgoing messages. */
class SigningSecretsTest {

    private static String newSecret() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private final String current = newSecret();
    private final String previous = newSecret();

    @Test
    void a_signature_made_with_a_known_secret_verifies() {
        String header = SigningSecrets.of(current).signature("msg_1", 1700000000L, "{\"a\":1}");
        assertThat(SigningSecrets.accepting(List.of(current)).verifies("msg_1", 1700000000L, "{\"a\":1}", header))
                .isTrue();
    }

    @Test
    void a_changed_body_id_or_timestamp_does_not_verify() {
        String header = SigningSecrets.of(current).signature("msg_1", 1700000000L, "{\"a\":1}");
        SigningSecrets receiver = SigningSecrets.accepting(List.of(current));
        assertThat(receiver.verifies("msg_1", 1700000000L, "{\"a\":2}", header)).isFalse();
        assertThat(receiver.verifies("msg_2", 1700000000L, "{\"a\":1}", header)).isFalse();
        assertThat(receiver.verifies("msg_1", 1700000001L, "{\"a\":1}", header)).isFalse();
        assertThat(receiver.verifies("msg_1", 1700000000L, "{\"a\":1}", null)).isFalse();
        assertThat(receiver.verifies("msg_1", 1700000000L, "{\"a\":1}", "v2," + header.substring(3))).isFalse();
    }

    @Test
    void during_a_rotation_either_secret_verifies_and_a_stranger_does_not() {
        SigningSecrets receiver = SigningSecrets.accepting(List.of(current, previous));
        String byPrevious = SigningSecrets.of(previous).signature("msg_1", 1L, "x");
        String byCurrent = SigningSecrets.of(current).signature("msg_1", 1L, "x");
        String byStranger = SigningSecrets.of(newSecret()).signature("msg_1", 1L, "x");
        assertThat(receiver.verifies("msg_1", 1L, "x", byPrevious)).isTrue();
        assertThat(receiver.verifies("msg_1", 1L, "x", byCurrent)).isTrue();
        assertThat(receiver.verifies("msg_1", 1L, "x", byStranger)).isFalse();
        // a sender's own rotation: two signatures in one header, one of them known
        assertThat(receiver.verifies("msg_1", 1L, "x", byStranger + " " + byPrevious)).isTrue();
    }

    @Test
    void a_receiver_needs_a_secret_and_names_a_bad_one_by_position_only() {
        assertThatThrownBy(() -> SigningSecrets.accepting(List.of())).hasMessageContaining("at least one");
        assertThatThrownBy(() -> SigningSecrets.accepting(List.of(current, "whsec_short")))
                .hasMessageContaining("previous").hasMessageNotContaining("short");
    }
}
