package io.mdg.query.crypto;

import java.io.IOException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * A read model's value as it is stored: the JSON of the value (Jackson, exact: instants to the nanosecond, decimals
 * as they are), encrypted with the {@link ReadModelCipher}. The same bytes in every adapter of a read model, so
 * that PostgreSQL and MongoDB store it alike.
 *
 * @param <T> the value's type (a record of the message contract, e.g. an audit entry or a record version)
 */
public final class SealedJson<T> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.WRITE_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .enable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Class<T> type;
    private final ReadModelCipher cipher;
    private final ObjectMapper json;

    public SealedJson(Class<T> type, ReadModelCipher cipher) {
        this.type = type;
        this.cipher = cipher;
        // contacts sealed under their persons' keys inside the sealed bytes, where the service keeps person keys
        this.json = cipher.personalData().map(people -> JSON.copy().registerModule(new ContactSealing(people)))
                .orElse(JSON);
    }

    public byte[] seal(T value) {
        try {
            return cipher.encrypt(json.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a " + type.getSimpleName() + " to store it", e);
        }
    }

    public T open(byte[] sealed) {
        byte[] plain = cipher.decrypt(sealed);
        try {
            return json.readValue(plain, type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read a stored " + type.getSimpleName(), e);
        }
    }
}
