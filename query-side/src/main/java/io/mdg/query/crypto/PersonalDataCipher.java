package io.mdg.query.crypto;

import java.util.Optional;

/**
 * Encrypts a contact person's data under that person's own key (crypto-shredding: once the key is erased, every
 * stored copy is unreadable, in the events, the read models and the backups alike). The service keeps the keys
 * ({@code mdg_person_keys}, each wrapped by the event key ring); a sealed value is
 * {@code pii:v1:<person id>:<base64(nonce | ciphertext | tag)>}.
 */
public interface PersonalDataCipher {

    /** The prefix of a value sealed under a person's key. */
    String PREFIX = "pii:v1:";

    /** {@code plain} sealed under the key of {@code personId} (which must have one that is not erased). */
    String seal(String personId, String plain);

    /** The plain text of a sealed value; empty when the person's key was erased (the person is erased). */
    Optional<String> open(String sealed);

    /**
     * A value of a contact without a person id (one a source sent that was refused before a supplier was known),
     * encrypted with the event key ring only: not erasable by person.
     */
    String sealWithoutPerson(String plain);

    /** A value {@link #sealWithoutPerson} sealed, or a plain one stored before contacts were encrypted. */
    String openWithoutPerson(String value);
}
