package io.mdg.query.crypto;

/**
 * Encrypts what a read model stores of sensitive values (bank details, personal data) and decrypts it when read.
 * The service provides it with the key ring of the events ({@code mdg.security.event-keys}), so that such values are
 * encrypted wherever they are stored: in the event store, and in the tables and collections of the audit trail and
 * the record history. Every key of the ring decrypts, the first one encrypts: a stored value stays readable after a
 * key rotation as long as its key stays in the ring.
 */
public interface ReadModelCipher {

    /** The sealed form of {@code plain} (authenticated: a changed byte fails {@link #decrypt}). */
    byte[] encrypt(byte[] plain);

    /** The plain bytes of a value {@link #encrypt} sealed; IllegalStateException when it cannot be opened. */
    byte[] decrypt(byte[] sealed);

    /**
     * The cipher of contact persons' data, when the service keeps person keys: then a stored value's contacts are
     * sealed under their persons' keys inside the sealed bytes ({@link ContactSealing}), so that erasing a person's
     * key erases it from the stored versions too. Empty: contacts are sealed with the rest of the value only.
     */
    default java.util.Optional<PersonalDataCipher> personalData() {
        return java.util.Optional.empty();
    }
}
