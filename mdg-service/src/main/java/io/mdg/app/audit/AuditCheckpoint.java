package io.mdg.app.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A signed checkpoint of the audit chain: the Merkle root ({@link AuditHashes.MerkleRoot}) over the chain links of
 * the events in the global-order range ({@code fromIndex}, {@code toIndex}], chained to the checkpoint before it
 * ({@code previousHash}: its {@code hash}; 32 zero bytes before the first). {@code hash} is SHA-256 of the canonical
 * text ({@link #canonical()}), {@code signature} the Ed25519 signature of that text by the key {@code keyId}.
 * Exported as one JSON line each ({@link #jsonLine()}).
 */
public record AuditCheckpoint(long number, long fromIndex, long toIndex, long entries, byte[] merkleRoot,
                              byte[] previousHash, Instant createdAt, byte[] hash, String keyId, byte[] signature) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A new checkpoint, hashed and signed. */
    static AuditCheckpoint signed(long number, long fromIndex, long toIndex, long entries, byte[] merkleRoot,
                                  byte[] previousHash, Instant createdAt, AuditSigningKeys keys) {
        AuditCheckpoint unsigned = new AuditCheckpoint(number, fromIndex, toIndex, entries, merkleRoot, previousHash,
                createdAt, null, keys.signingId(), null);
        byte[] canonical = unsigned.canonical();
        return new AuditCheckpoint(number, fromIndex, toIndex, entries, merkleRoot, previousHash, createdAt,
                AuditHashes.sha256().digest(canonical), keys.signingId(), keys.sign(canonical));
    }

    /**
     * The signed text: {@code mdg-audit-checkpoint-v1}, number, fromIndex, toIndex, entries, merkleRoot (hex),
     * previousHash (hex), createdAt (ISO-8601), each on a line of its own.
     */
    public byte[] canonical() {
        return String.join("\n", "mdg-audit-checkpoint-v1", Long.toString(number), Long.toString(fromIndex),
                Long.toString(toIndex), Long.toString(entries), AuditHashes.hex(merkleRoot),
                AuditHashes.hex(previousHash), createdAt.toString()).getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code hash} is the hash of the canonical text. */
    boolean hashMatches() {
        return hash != null && java.security.MessageDigest.isEqual(hash, AuditHashes.sha256().digest(canonical()));
    }

    boolean signedBy(AuditSigningKeys keys) {
        return signature != null && keys.verify(keyId, canonical(), signature);
    }

    public String jsonLine() {
        ObjectNode node = JSON.createObjectNode().put("number", number).put("fromIndex", fromIndex)
                .put("toIndex", toIndex).put("entries", entries).put("merkleRoot", AuditHashes.hex(merkleRoot))
                .put("previousHash", AuditHashes.hex(previousHash)).put("createdAt", createdAt.toString())
                .put("hash", AuditHashes.hex(hash)).put("keyId", keyId)
                .put("signature", Base64.getEncoder().encodeToString(signature));
        return node.toString();
    }

    /** Reads an exported line; a malformed one is refused with what is wrong. */
    public static AuditCheckpoint parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return new AuditCheckpoint(number(node, "number"), number(node, "fromIndex"), number(node, "toIndex"),
                    number(node, "entries"), AuditHashes.unhex(text(node, "merkleRoot")),
                    AuditHashes.unhex(text(node, "previousHash")), Instant.parse(text(node, "createdAt")),
                    AuditHashes.unhex(text(node, "hash")), text(node, "keyId"),
                    Base64.getDecoder().decode(text(node, "signature")));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not an exported audit checkpoint (a JSON object with number, "
                    + "fromIndex, toIndex, entries, merkleRoot, previousHash, createdAt, hash, keyId, signature): "
                    + e.getMessage());
        }
    }

    private static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is missing or not a whole number");
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is missing or not text");
        }
        return value.asText();
    }
}
