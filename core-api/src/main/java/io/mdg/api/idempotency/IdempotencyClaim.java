package io.mdg.api.idempotency;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A command's idempotency key, as the edge sends it in the command's metadata: the caller's key, the scope it is
 * unique in (the calling client or person, from the token: {@code client:erp}, {@code user:sam.supplier}) and the
 * SHA-256 (hex) of the canonical form of the operation and its input. The command side answers a repeat of the same
 * scope and key with the first answer, if the input hash is the same ({@link #REUSED} otherwise, and
 * {@link #IN_FLIGHT} while the first is still being handled).
 */
public record IdempotencyClaim(String scope, String key, String inputHash) {

    /** The HTTP request header that carries the key of a single mutation. */
    public static final String HEADER = "Idempotency-Key";

    /** The metadata keys of a command that carries a claim. */
    public static final String META_SCOPE = "idempotencyScope";
    public static final String META_KEY = "idempotencyKey";
    public static final String META_INPUT_HASH = "idempotencyInputHash";

    /** The refusal reason: the key was used before (within the retention window) with a different input. */
    public static final String REUSED = "IDEMPOTENCY_KEY_REUSED";
    /** The refusal reason: a request with the same key is still being handled (here or on another node). */
    public static final String IN_FLIGHT = "IDEMPOTENCY_KEY_IN_FLIGHT";
    /** The refusal reason: the key is not a valid key. */
    public static final String INVALID = "INVALID_IDEMPOTENCY_KEY";

    /** The longest key accepted. */
    public static final int MAX_KEY_LENGTH = 128;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:~+/=-]{1," + MAX_KEY_LENGTH + "}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public IdempotencyClaim {
        Objects.requireNonNull(scope, "scope");
        if (scope.isBlank() || scope.length() > 300) {
            throw new IllegalArgumentException("an idempotency scope is 1 to 300 characters");
        }
        String problem = problemOf(key);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (inputHash == null || !HASH.matcher(inputHash).matches()) {
            throw new IllegalArgumentException("an input hash is 64 lower-case hex digits (SHA-256)");
        }
    }

    /**
     * What is wrong with a key a caller sent, or null when it is a valid key: 1 to {@value #MAX_KEY_LENGTH} characters,
     * letters, digits and {@code . _ : ~ + / = -} (a UUID, a ULID, a hash in hex or base64 all fit).
     */
    public static String problemOf(String key) {
        if (key == null || key.isEmpty()) {
            return "an idempotency key must not be empty";
        }
        if (key.length() > MAX_KEY_LENGTH) {
            return "an idempotency key has at most " + MAX_KEY_LENGTH + " characters, not " + key.length();
        }
        if (!KEY.matcher(key).matches()) {
            return "an idempotency key has only letters, digits and . _ : ~ + / = - (e.g. a UUID)";
        }
        return null;
    }

    /** The claim as command metadata. */
    public Map<String, String> metaData() {
        return Map.of(META_SCOPE, scope, META_KEY, key, META_INPUT_HASH, inputHash);
    }

    /** The claim a command's metadata carries, if any. */
    public static Optional<IdempotencyClaim> from(Map<String, ?> metaData) {
        Object key = metaData.get(META_KEY);
        if (key == null) {
            return Optional.empty();
        }
        return Optional.of(new IdempotencyClaim(String.valueOf(metaData.get(META_SCOPE)), key.toString(),
                String.valueOf(metaData.get(META_INPUT_HASH))));
    }
}
