package io.mdg.api.consumer;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A push consumer's signing secret, as Standard Webhooks writes it: {@code whsec_} + base64 of 32 random bytes.
 * Shown once (at registration or rotation), stored encrypted, never printed: {@link #toString()} masks it.
 */
public record WebhookSecret(String value) {

    public static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    public WebhookSecret {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith(PREFIX) || value.length() <= PREFIX.length()) {
            throw new IllegalArgumentException("a webhook secret starts with " + PREFIX);
        }
    }

    /** A new random secret. */
    public static WebhookSecret generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new WebhookSecret(PREFIX + Base64.getEncoder().encodeToString(bytes));
    }

    @Override
    public String toString() {
        return PREFIX + "***";
    }
}
