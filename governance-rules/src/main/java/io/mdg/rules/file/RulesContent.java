package io.mdg.rules.file;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A rules text with what identifies it: the version it declares ({@code version:}) and the SHA-256 of its canonical
 * content ({@link #hash()}), and the rules it reads as ({@link RulesFile}, validated whole).
 *
 * <p>The hash is of the parsed YAML tree written out canonically (mappings by key, scalars with their type), not of
 * the bytes: re-indenting, re-ordering keys, flow or block style, quoting and comments do not change it; any change
 * of a value does. It identifies the document as written: a document that leaves out an optional section takes the
 * shipped file's, which its hash does not cover.
 *
 * @param text    the YAML text, as given
 * @param rules   the rules it reads as
 * @param hash    the SHA-256 of the canonical content, lower-case hex
 */
public record RulesContent(String text, RulesFile rules, String hash) {

    public RulesContent {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(hash, "hash");
    }

    /** Reads and validates the text ({@link RulesFile#parse}: a {@code RulesFileException} listing every problem). */
    public static RulesContent of(String text, String origin) {
        RulesFile rules = RulesFile.parse(text, origin);
        return new RulesContent(text, rules, hash(text));
    }

    /**
     * An operator's rules file ({@code file}, read whole and validated), or the shipped rules when it is null or
     * blank.
     */
    public static RulesContent load(String file) {
        if (file == null || file.isBlank()) {
            String origin = "classpath:" + RulesFile.DEFAULT_RESOURCE;
            try (java.io.InputStream in = RulesContent.class.getClassLoader()
                    .getResourceAsStream(RulesFile.DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new io.mdg.rules.policy.RulesFileException(origin, List.of("resource not found"));
                }
                return of(new String(in.readAllBytes(), StandardCharsets.UTF_8), origin);
            } catch (java.io.IOException e) {
                throw new io.mdg.rules.policy.RulesFileException(origin, "cannot be read: " + e.getMessage(), e);
            }
        }
        try {
            return of(java.nio.file.Files.readString(java.nio.file.Path.of(file), StandardCharsets.UTF_8), file);
        } catch (java.io.IOException e) {
            throw new io.mdg.rules.policy.RulesFileException(file, "cannot be read: " + e, e);
        }
    }

    /** The version the text declares ({@code version:}). */
    public String version() {
        return rules.policy().version();
    }

    /** The SHA-256 of the canonical content of a YAML text that parses (see the class comment). */
    public static String hash(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new SafeConstructor(options)).load(text);
        StringBuilder canonical = new StringBuilder();
        write(document, canonical);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void write(Object node, StringBuilder out) {
        if (node == null) {
            out.append("null");
        } else if (node instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, value) -> {
                StringBuilder k = new StringBuilder();
                write(key, k);
                sorted.put(k.toString(), value);
            });
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> entry : sorted.entrySet()) {
                out.append(first ? "" : ",").append(entry.getKey()).append(':');
                write(entry.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (node instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list);
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(items.get(i), out);
            }
            out.append(']');
        } else if (node instanceof String s) {
            out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        } else if (node instanceof Integer || node instanceof Long || node instanceof BigInteger) {
            out.append("i:").append(node);
        } else if (node instanceof Double d) {
            out.append("d:").append(new BigDecimal(d.toString()).stripTrailingZeros().toPlainString());
        } else if (node instanceof Boolean b) {
            out.append("b:").append(b);
        } else if (node instanceof Date date) {
            out.append("t:").append(date.toInstant());
        } else if (node instanceof byte[] bytes) {
            out.append("x:").append(HexFormat.of().formatHex(bytes));
        } else {
            out.append(node.getClass().getSimpleName()).append(':').append(node);
        }
    }
}
