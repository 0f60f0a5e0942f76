package io.mdg.query.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.mdg.query.crypto.PersonalDataCipher;

/**
 * A key per person in memory, sealing as the service's person keys do ({@code pii:v1:<person id>:<base64(nonce |
 * ciphertext | tag)>}, AES-256-GCM; the service's own are {@code io.mdg.app.personal.PersonKeys}, in PostgreSQL):
 * {@link #erase} destroys a person's key, after which their sealed values no longer open.
 */
public final class TestPersonKeys implements PersonalDataCipher {

    private static final int NONCE = 12;

    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Boolean> erased = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Destroys the person's key. */
    public void erase(String personId) {
        keys.remove(personId);
        erased.put(personId, true);
    }

    @Override
    public String seal(String personId, String plain) {
        if (erased.containsKey(personId)) {
            throw new IllegalStateException("person " + personId + " was erased");
        }
        SecretKey key = keys.computeIfAbsent(personId, p -> {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return new SecretKeySpec(bytes, "AES");
        });
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + personId + ":" + Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<String> open(String sealed) {
        String rest = sealed.substring(PREFIX.length());
        int colon = rest.lastIndexOf(':');
        SecretKey key = keys.get(rest.substring(0, colon));
        if (key == null) {
            return Optional.empty();
        }
        byte[] bytes = Base64.getDecoder().decode(rest.substring(colon + 1));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE));
            return Optional.of(new String(cipher.doFinal(bytes, NONCE, bytes.length - NONCE), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a sealed value does not open", e);
        }
    }

    /** Not encrypted here (these tests are about person keys; the service seals such values with the key ring). */
    @Override
    public String sealWithoutPerson(String plain) {
        return plain;
    }

    @Override
    public String openWithoutPerson(String value) {
        return value;
    }
}
