package io.mdg.query.support;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.mdg.query.crypto.PersonalDataCipher;
import io.mdg.query.crypto.ReadModelCipher;

/**
 * AES-256-GCM with one random key and a random nonce per value, as the service's key ring seals read-model values
 * (the service's own cipher is {@code io.mdg.app.crypto.FieldEncryption}, in the service module).
 */
public final class TestCipher implements ReadModelCipher {

    private static final int NONCE = 12;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private final PersonalDataCipher people;

    public TestCipher() {
        this(null);
    }

    /** A cipher of a service that keeps person keys ({@code people}: contacts sealed under them). */
    public TestCipher(PersonalDataCipher people) {
        this.people = people;
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        this.key = new SecretKeySpec(bytes, "AES");
    }

    @Override
    public byte[] encrypt(byte[] plain) {
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public byte[] decrypt(byte[] sealed) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, NONCE));
            return cipher.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not decrypt a stored value", e);
        }
    }

    @Override
    public java.util.Optional<PersonalDataCipher> personalData() {
        return java.util.Optional.ofNullable(people);
    }
}
