package io.mdg.app.audit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ed25519 keys that sign the audit checkpoints (the JDK's EdDSA): a ring {@code id:base64 32-byte seed,...} as
 * {@code mdg.audit.signing-keys} ({@code MDG_AUDIT_SIGNING_KEYS}) holds it, the first one signing, every one
 * verifying (rotation: put the new key first and keep the old ones). A seed is an RFC 8032 private key
 * ({@code openssl rand -base64 32}); its public key is derived from it.
 */
public final class AuditSigningKeys {

    private final String signingId;
    private final Map<String, KeyPair> keys;

    private AuditSigningKeys(String signingId, Map<String, KeyPair> keys) {
        this.signingId = signingId;
        this.keys = keys;
    }

    /** Parses a ring; a malformed one is refused with what is wrong (never with the key's value). */
    public static AuditSigningKeys parse(String ring) {
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        String first = null;
        for (String entry : ring.strip().split("\\s*,\\s*")) {
            int colon = entry.indexOf(':');
            byte[] seed;
            try {
                seed = colon < 1 ? null : Base64.getDecoder().decode(entry.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                seed = null;
            }
            if (seed == null || seed.length != 32) {
                throw new IllegalArgumentException("MDG_AUDIT_SIGNING_KEYS entries are <id>:<base64 32-byte Ed25519 "
                        + "private key> (e.g. a1:$(openssl rand -base64 32)), separated by commas");
            }
            String id = entry.substring(0, colon).strip();
            if (keys.put(id, keyPair(seed)) != null) {
                throw new IllegalArgumentException("MDG_AUDIT_SIGNING_KEYS has the key id '" + id + "' twice");
            }
            first = first == null ? id : first;
        }
        return new AuditSigningKeys(first, keys);
    }

    /** A new ring entry, {@code id:base64 seed}. */
    public static String newKey(String id) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return id + ":" + Base64.getEncoder().encodeToString(seed);
    }

    /** The id of the key that signs. */
    public String signingId() {
        return signingId;
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(keys.get(signingId).getPrivate());
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519", e);
        }
    }

    /** Whether the key with this id signed the message; false for an unknown id. */
    public boolean verify(String keyId, byte[] message, byte[] signed) {
        KeyPair pair = keyId == null ? null : keys.get(keyId);
        return pair != null && verify(pair.getPublic(), message, signed);
    }

    static boolean verify(PublicKey key, byte[] message, byte[] signed) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(message);
            return signature.verify(signed);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The public keys by id, PEM (X.509 SubjectPublicKeyInfo, as {@code openssl pkey -pubin} reads it). */
    public List<Map.Entry<String, String>> publicKeys() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        keys.forEach((id, pair) -> out.add(Map.entry(id, pem(pair.getPublic()))));
        return out;
    }

    static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** The key pair of a seed: the JDK's generator draws the private key's 32 bytes from the random source. */
    private static KeyPair keyPair(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    if (bytes.length != seed.length) {
                        throw new IllegalStateException("Ed25519 key generation asked for " + bytes.length + " bytes");
                    }
                    System.arraycopy(seed, 0, bytes, 0, seed.length);
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }
}
