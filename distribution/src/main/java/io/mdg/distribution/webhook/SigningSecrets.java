package io.mdg.distribution.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

/**
 * A consumer's signing secrets, in Standard Webhooks' form {@code whsec_<base64 of the key>}: the current one and,
 * while a rotation overlaps, the previous one. A message is signed with each, so a receiver that still knows only
 * the previous secret and one that already knows only the current secret both accept it.
 *
 * <p>The secrets never leave this object: {@link #toString()} shows only how many there are, and a malformed secret
 * is reported by its position, never by its content.
 */
public final class SigningSecrets {

    private static final String PREFIX = "whsec_";
    /** The key lengths Standard Webhooks recommends (24 to 64 bytes); ours are made with 32. */
    private static final int MIN_KEY_BYTES = 24;
    private static final int MAX_KEY_BYTES = 64;

    private final List<Webhook> signers;

    private SigningSecrets(List<String> secrets) {
        List<Webhook> signers = new ArrayList<>(secrets.size());
        for (int i = 0; i < secrets.size(); i++) {
            signers.add(new Webhook(key(secrets.get(i), i == 0 ? "current"
                    : secrets.size() == 2 ? "previous" : "previous (" + i + ")")));
        }
        this.signers = List.copyOf(signers);
    }

    /** One secret: no rotation under way. */
    public static SigningSecrets of(String current) {
        return new SigningSecrets(List.of(Objects.requireNonNull(current, "the current signing secret is missing")));
    }

    /** A rotation's overlap: messages carry a signature with each secret, the current one first. */
    public static SigningSecrets rotating(String current, String previous) {
        return new SigningSecrets(List.of(Objects.requireNonNull(current, "the current signing secret is missing"),
                Objects.requireNonNull(previous, "the previous signing secret is missing")));
    }

    /**
     * A receiver's secrets (inbound webhooks): each of them is accepted, the first one named "current" and the others
     * "previous" in error messages, so a sender may rotate its secret while the receiver knows both.
     */
    public static SigningSecrets accepting(List<String> secrets) {
        if (secrets == null || secrets.isEmpty()) {
            throw new IllegalArgumentException("at least one signing secret is needed");
        }
        for (String secret : secrets) {
            Objects.requireNonNull(secret, "a signing secret is missing");
        }
        return new SigningSecrets(secrets);
    }

    /**
     * Whether {@code signatureHeader} (a {@code webhook-signature} value: space-separated {@code v1,<base64>}
     * entries) holds a signature of {@code "id.timestamp.body"} made with any of these secrets. Compared in constant
     * time; entries of other versions are ignored, as Standard Webhooks specifies.
     */
    public boolean verifies(String messageId, long timestampSeconds, String body, String signatureHeader) {
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return false;
        }
        String[] given = signatureHeader.trim().split("\\s+");
        for (Webhook signer : signers) {
            String expected;
            try {
                expected = signer.sign(messageId, timestampSeconds, body);
            } catch (WebhookSigningException e) {
                throw new IllegalStateException("HMAC-SHA256 signing is unavailable");
            }
            byte[] wanted = expected.substring(expected.indexOf(',') + 1).getBytes(StandardCharsets.US_ASCII);
            for (String entry : given) {
                int comma = entry.indexOf(',');
                if (comma > 0 && entry.substring(0, comma).equals("v1") && MessageDigest.isEqual(wanted,
                        entry.substring(comma + 1).getBytes(StandardCharsets.US_ASCII))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** How many secrets sign each message: 1, or 2 during a rotation. */
    public int count() {
        return signers.size();
    }

    /**
     * The {@code webhook-signature} header's value: {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} for each
     * secret, separated by a space.
     */
    String signature(String messageId, long timestampSeconds, String body) {
        StringBuilder signature = new StringBuilder();
        for (Webhook signer : signers) {
            if (signature.length() > 0) {
                signature.append(' ');
            }
            try {
                signature.append(signer.sign(messageId, timestampSeconds, body));
            } catch (WebhookSigningException e) {
                // Only a missing HmacSHA256 or an empty key gets here; the key was checked when it was read.
                throw new IllegalStateException("HMAC-SHA256 signing is unavailable");
            }
        }
        return signature.toString();
    }

    @Override
    public String toString() {
        return "SigningSecrets[" + signers.size() + " secret(s), redacted]";
    }

    /** The key a secret encodes; the exception names which secret is wrong, never what it holds. */
    private static byte[] key(String secret, String which) {
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("the " + which + " signing secret is not of the form whsec_<base64>");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            // Not chained: the decoder's message quotes the offending character of the secret.
            throw new IllegalArgumentException("the " + which + " signing secret is not valid base64 after whsec_");
        }
        if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("the " + which + " signing secret holds a key of " + key.length
                    + " bytes; between " + MIN_KEY_BYTES + " and " + MAX_KEY_BYTES + " are required");
        }
        return key;
    }
}
