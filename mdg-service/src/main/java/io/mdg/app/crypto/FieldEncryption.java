package io.mdg.app.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.mdg.command.idempotency.AnswerCipher;
import io.mdg.command.screening.EntryCipher;
import io.mdg.query.crypto.ReadModelCipher;

/**
 * Encrypts single values that must not be readable in the event store (bank account numbers: events are kept and
 * replayed forever, backed up and copied). AES-256-GCM with a random 96-bit nonce per value; the result is
 * {@code enc:v1:<key id>:<base64(nonce | ciphertext | tag)>}. The first key of the ring encrypts; every key of the
 * ring decrypts, so keys can be rotated by putting a new key first and keeping the old ones. A value without the
 * prefix (written before encryption was introduced) is read as it is.
 *
 * <p>Also the {@link ReadModelCipher} of the read models that store sensitive values (the audit trail's and the
 * record history's tables or collections): the same ring seals their stored bytes as
 * {@code 0x01 | key id length | key id | nonce | ciphertext | tag}; and the {@link AnswerCipher} of the answers
 * kept for idempotency keys, and the {@link EntryCipher} of the kept exclusion-list entries, sealed the same way.
 */
public final class FieldEncryption implements ReadModelCipher, AnswerCipher, EntryCipher {

    static final String PREFIX = "enc:v1:";
    /** The first byte of sealed bytes: their format. */
    static final byte BYTES_V1 = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String activeKeyId;
    private final Map<String, SecretKey> keys;
    private final SecureRandom random = new SecureRandom();

    /**
     * One AES-GCM cipher per thread, initialised afresh (key, new nonce) for every value: {@code Cipher.getInstance}
     * searches the security providers at every call (visible in the ingest's profile).
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM is not available in this JVM", e);
        }
    });

    /** @param keys key id -> 32-byte AES key, the first one active */
    public FieldEncryption(Map<String, byte[]> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        Map<String, SecretKey> ring = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("a key id is 1 to 32 letters, digits, - or _: " + id);
            }
            if (key.length != 32) {
                throw new IllegalArgumentException("key " + id + " must be 32 bytes (AES-256), not " + key.length);
            }
            ring.put(id, new SecretKeySpec(key, "AES"));
        });
        this.keys = Map.copyOf(ring);
        this.activeKeyId = ring.keySet().iterator().next();
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    public String encrypt(String plain) {
        if (plain == null || plain.startsWith(PREFIX)) {
            return plain;
        }
        byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + bytes.length + TAG_BITS / 8);
        seal(bytes, out);
        return PREFIX + activeKeyId + ":" + Base64.getEncoder().encodeToString(out.array());
    }

    @Override
    public byte[] encrypt(byte[] plain) {
        byte[] keyId = activeKeyId.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(2 + keyId.length + NONCE_BYTES + plain.length + TAG_BITS / 8)
                .put(BYTES_V1).put((byte) keyId.length).put(keyId);
        seal(plain, out);
        return out.array();
    }

    @Override
    public byte[] decrypt(byte[] sealed) {
        if (sealed.length < 2 || sealed[0] != BYTES_V1 || sealed.length < 2 + sealed[1] + NONCE_BYTES) {
            throw new IllegalStateException("not a value sealed by this service's key ring");
        }
        String keyId = new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII);
        return open(keyId, sealed, 2 + sealed[1]);
    }

    /** The nonce, ciphertext and tag of {@code plain} with the active key, put into {@code out}. */
    private void seal(byte[] plain, ByteBuffer out) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(activeKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(activeKeyId.getBytes(StandardCharsets.UTF_8));
            out.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a value", e);
        }
    }

    /** The plain bytes of {@code in} from {@code offset} on (nonce, ciphertext, tag) sealed with key {@code keyId}. */
    private byte[] open(String keyId, byte[] in, int offset) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new IllegalStateException("no key '" + keyId + "' in MDG_EVENT_KEYS to decrypt a stored value; "
                    + "keep retired keys in the ring");
        }
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, offset, NONCE_BYTES));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(in, offset + NONCE_BYTES, in.length - offset - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("could not decrypt a stored value with key '" + keyId + "'", e);
        }
    }

    public String decrypt(String value) {
        if (value == null || !value.startsWith(PREFIX)) {
            return value;
        }
        int colon = value.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new IllegalStateException("malformed encrypted value");
        }
        String keyId = value.substring(PREFIX.length(), colon);
        byte[] in;
        try {
            in = Base64.getDecoder().decode(value.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("could not decrypt a stored value with key '" + keyId + "'", e);
        }
        return new String(open(keyId, in, 0), StandardCharsets.UTF_8);
    }

    /** A ring from {@code id:base64key,id:base64key} (the first one active). */
    public static FieldEncryption parse(String ring) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        for (String entry : ring.split(",")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("MDG_EVENT_KEYS entries are <id>:<base64 32-byte key>");
            }
            keys.put(trimmed.substring(0, colon), Base64.getDecoder().decode(trimmed.substring(colon + 1)));
        }
        return new FieldEncryption(keys);
    }

    /** A new random key ring entry {@code id:base64key}. */
    public static String newKey(String id) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }
}
