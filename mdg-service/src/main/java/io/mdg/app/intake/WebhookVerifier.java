package io.mdg.app.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.mdg.app.intake.InboundRefusal.Reason;
import io.mdg.distribution.webhook.SigningSecrets;

/**
 * Checks that a webhook comes from its source: a signature made with one of the source's secrets (several while a
 * rotation overlaps), a timestamp within the tolerance of now (a captured request replayed later is refused), and a
 * delivery id (the duplicate check). Standard Webhooks by default, with the same scheme code that signs the
 * service's own outgoing webhooks ({@link SigningSecrets}); or an HMAC-SHA256 of the body alone in a header of the
 * source's choosing ({@code X-Signature: sha256=<hex>}). Secrets never appear in messages or {@link #toString()}.
 */
public final class WebhookVerifier {

    /** What a verified webhook says of itself. */
    public record Verified(String webhookId, Instant sentAt) {
    }

    private static final int MAX_ID_LENGTH = 256;

    private final InboundSettings.Signature scheme;
    private final Duration tolerance;
    private final SigningSecrets standard;
    private final List<byte[]> bodyKeys;

    public WebhookVerifier(InboundSettings.Signature scheme, List<String> secrets, Duration tolerance) {
        this.scheme = scheme;
        this.tolerance = tolerance;
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("no signing secret is configured (secrets)");
        }
        switch (scheme.scheme()) {
            case InboundSettings.Signature.STANDARD_WEBHOOKS -> {
                if (scheme.timestampHeader().isEmpty()) {
                    throw new IllegalArgumentException("the standard-webhooks scheme signs the timestamp: its "
                            + "timestamp header cannot be left out");
                }
                this.standard = SigningSecrets.accepting(secrets);
                this.bodyKeys = List.of();
            }
            case InboundSettings.Signature.HMAC_SHA256 -> {
                if (!scheme.encoding().equals("hex") && !scheme.encoding().equals("base64")) {
                    throw new IllegalArgumentException("signature encoding must be hex or base64, not '"
                            + scheme.encoding() + "'");
                }
                this.standard = null;
                List<byte[]> keys = new ArrayList<>();
                for (int i = 0; i < secrets.size(); i++) {
                    keys.add(bodyKey(secrets.get(i), i));
                }
                this.bodyKeys = List.copyOf(keys);
            }
            default -> throw new IllegalArgumentException("unknown signature scheme '" + scheme.scheme()
                    + "' (standard-webhooks or hmac-sha256)");
        }
    }

    /**
     * The webhook's id and time if it is signed by the source, within the window; {@link InboundRefusal} otherwise.
     *
     * @param header the request's header of a name (case-insensitive), null when absent
     */
    public Verified verify(Function<String, String> header, byte[] body, Instant now) {
        String signature = header.apply(scheme.signatureHeader());
        if (signature == null || signature.isBlank()) {
            throw new InboundRefusal(Reason.UNSIGNED, "the " + scheme.signatureHeader() + " header is missing");
        }
        String id = header.apply(scheme.idHeader());
        if (id == null || id.isBlank()) {
            throw new InboundRefusal(Reason.MISSING_ID, "the " + scheme.idHeader() + " header (the delivery id) is "
                    + "missing");
        }
        id = id.strip();
        if (id.length() > MAX_ID_LENGTH || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InboundRefusal(Reason.MISSING_ID, "the " + scheme.idHeader() + " header must be 1 to "
                    + MAX_ID_LENGTH + " visible ASCII characters");
        }
        Instant sentAt = null;
        Long seconds = null;
        if (!scheme.timestampHeader().isEmpty()) {
            String timestamp = header.apply(scheme.timestampHeader());
            if (timestamp == null || timestamp.isBlank()) {
                throw new InboundRefusal(Reason.BAD_TIMESTAMP, "the " + scheme.timestampHeader() + " header is "
                        + "missing");
            }
            try {
                seconds = Long.parseLong(timestamp.strip());
            } catch (NumberFormatException e) {
                throw new InboundRefusal(Reason.BAD_TIMESTAMP, "the " + scheme.timestampHeader() + " header must be "
                        + "the sending time in whole seconds since 1970");
            }
            sentAt = Instant.ofEpochSecond(seconds);
        }
        boolean signed = standard != null
                ? standard.verifies(id, seconds, new String(body, StandardCharsets.UTF_8), signature)
                : bodySigned(body, signature.strip());
        if (!signed) {
            throw new InboundRefusal(Reason.BAD_SIGNATURE, "no signature in " + scheme.signatureHeader()
                    + " matches the payload with a secret of this source");
        }
        // after the signature: a forged timestamp cannot tell the sender about the window
        if (sentAt != null && Duration.between(sentAt, now).abs().compareTo(tolerance) > 0) {
            throw new InboundRefusal(Reason.STALE, "the webhook was sent at " + sentAt + ", more than " + tolerance
                    + " from now (" + now + "); a replayed or delayed webhook is refused");
        }
        return new Verified(id, sentAt);
    }

    private boolean bodySigned(byte[] body, String signature) {
        if (!signature.startsWith(scheme.prefix())) {
            return false;
        }
        byte[] given;
        try {
            String digest = signature.substring(scheme.prefix().length());
            given = scheme.encoding().equals("hex") ? HexFormat.of().parseHex(digest.toLowerCase(java.util.Locale.ROOT))
                    : Base64.getDecoder().decode(digest);
        } catch (IllegalArgumentException e) {
            return false;
        }
        for (byte[] key : bodyKeys) {
            if (MessageDigest.isEqual(hmac(key, body), given)) {
                return true;
            }
        }
        return false;
    }

    static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** A body-signing secret's key: {@code whsec_<base64>}, or the issued text's UTF-8 bytes (at least 16). */
    private static byte[] bodyKey(String secret, int index) {
        String which = index == 0 ? "current" : "previous (" + index + ")";
        if (secret.startsWith("whsec_")) {
            try {
                return Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the " + which + " signing secret is not valid base64 after whsec_");
            }
        }
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 16) {
            throw new IllegalArgumentException("the " + which + " signing secret is shorter than 16 bytes");
        }
        return key;
    }

    @Override
    public String toString() {
        return "WebhookVerifier[" + scheme.scheme() + ", secrets redacted]";
    }
}
