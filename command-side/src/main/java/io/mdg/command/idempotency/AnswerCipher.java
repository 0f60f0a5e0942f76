package io.mdg.command.idempotency;

/**
 * Seals the answers kept for idempotency keys: an answer can hold what is sensitive (the bank details a submission
 * sent, echoed in its field errors; a push consumer's signing secret), and such values are encrypted wherever they
 * are stored. The service provides the key ring of the events ({@code mdg.security.event-keys}).
 */
public interface AnswerCipher {

    /** The sealed form of {@code plain} (authenticated: a changed byte fails {@link #decrypt}). */
    byte[] encrypt(byte[] plain);

    /** The plain bytes of what {@link #encrypt} sealed; IllegalStateException when it cannot be opened. */
    byte[] decrypt(byte[] sealed);
}
