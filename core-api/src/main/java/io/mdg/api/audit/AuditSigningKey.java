package io.mdg.api.audit;

/**
 * A public key that verifies audit checkpoints.
 *
 * @param keyId     the {@code keyId} of the checkpoints it signed
 * @param publicKey the Ed25519 public key, PEM (X.509 SubjectPublicKeyInfo)
 * @param signing   whether it signs the new checkpoints (the others verify older ones)
 */
public record AuditSigningKey(String keyId, String publicKey, boolean signing) {
}
