package io.mdg.command.screening;

/**
 * Seals the kept entries of the imported exclusion lists ({@link ExclusionListStore}): the OIG LEIE and SAM list
 * individuals (name, address, NPI), which is personal data, and such values are encrypted wherever they are stored.
 * The service provides the key ring of the events ({@code mdg.security.event-keys}).
 */
public interface EntryCipher {

    /** The sealed form of {@code plain} (authenticated: a changed byte fails {@link #decrypt}). */
    byte[] encrypt(byte[] plain);

    /** The plain bytes of what {@link #encrypt} sealed; IllegalStateException when it cannot be opened. */
    byte[] decrypt(byte[] sealed);
}
