package io.mdg.graphql.idempotency;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The canonical form of a mutation's input, compared for an idempotency key: the operation (the mutation field's
 * name) and its arguments as resolved (variables substituted, defaults applied, bound to their types), written as JSON
 * with the keys of every object sorted, absent and null alike left out (an input field not sent is null), numbers
 * in their plain form without trailing zeros ({@code 1.50} and {@code 1.5} are the same amount), and every
 * {@code idempotencyKey} field left out (the key is not part of the input). The SHA-256 of that text, in hex, is the
 * input's hash: two requests with the same hash asked for the same thing however their documents were written
 * (order of fields, variables or literals, whitespace, aliases).
 */
public final class CanonicalInput {

    /** The input field that carries a batch entry's key: never part of the input it identifies. */
    public static final String KEY_FIELD = "idempotencyKey";

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private CanonicalInput() {
    }

    /** The SHA-256 (hex) of the canonical form of {@code operation} with {@code arguments}. */
    public static String hash(String operation, Map<String, ?> arguments) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(text(operation, arguments).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** The canonical text that {@link #hash} digests. */
    public static String text(String operation, Map<String, ?> arguments) {
        Map<String, Object> whole = new TreeMap<>();
        whole.put("operation", operation);
        whole.put("arguments", canonical(arguments));
        try {
            return JSON.writeValueAsString(whole);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an input cannot be written as JSON", e);
        }
    }

    /** Any value of resolved arguments (maps, lists, scalars, records bound from an input) in canonical form. */
    static Object canonical(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> {
                Object c = canonical(v);
                if (c != null && !KEY_FIELD.equals(k)) {
                    sorted.put(String.valueOf(k), c);
                }
            });
            return sorted;
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(CanonicalInput::canonical).toList(); // a null entry stays null, in its place
        }
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof BigDecimal decimal) {
            return number(decimal);
        }
        if (value instanceof BigInteger || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            return number(new BigDecimal(value.toString()));
        }
        if (value instanceof Double || value instanceof Float) {
            return number(new BigDecimal(value.toString()));
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Record) {
            return canonical(JSON.convertValue(value, Map.class));
        }
        // dates, times and other scalars bound to a value type: their ISO text
        return value.toString();
    }

    /** A number as a JSON number in its plain form (no exponent, no trailing zeros). */
    private static BigDecimal number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
