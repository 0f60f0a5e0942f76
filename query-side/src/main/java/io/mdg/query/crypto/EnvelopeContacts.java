package io.mdg.query.crypto;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.mdg.api.model.Contact;

/**
 * The contacts inside a delivered envelope (a consumer's CloudEvent, as a push delivery keeps it until its endpoint
 * acknowledges it) sealed under their persons' keys where it is stored, so that erasing a person's key erases them
 * there too, with no rewrite: {@link #seal} replaces every contact object that names a person
 * ({@code {"name": ..., "personId": "p-1", ...}}) by {@code {"personId": "p-1", "pii": "pii:v1:..."}}, the whole
 * object sealed; {@link #open} puts it back, or the erased contact ({@link Contact#erased}) when the person's key is
 * gone. Contacts without a person id are left to the envelope's own encryption (the event key ring), as everywhere.
 *
 * <p>An envelope without such contacts is kept byte for byte; one with them is written again from its JSON tree (field
 * order and exact decimals kept), so the envelope sent after {@link #open} is the one the feed made (or with the
 * contact erased). Without person keys in the service ({@link ReadModelCipher#personalData} empty) both are the
 * identity.
 */
public final class EnvelopeContacts {

    private static final String PII = "pii";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    private final Optional<PersonalDataCipher> people;

    public EnvelopeContacts(Optional<PersonalDataCipher> people) {
        this.people = people;
    }

    /** The envelope with the contacts naming a person sealed under their keys (unchanged if it has none). */
    public byte[] seal(byte[] envelope) {
        if (people.isEmpty() || !mentions(envelope, "\"personId\"")) {
            return envelope;
        }
        JsonNode tree = read(envelope);
        return walk(tree, true) ? write(tree) : envelope;
    }

    /** The envelope with its sealed contacts opened, each erased one as the erased contact. */
    public byte[] open(byte[] stored) {
        if (people.isEmpty() || !mentions(stored, "\"" + PII + "\"")) {
            return stored;
        }
        JsonNode tree = read(stored);
        return walk(tree, false) ? write(tree) : stored;
    }

    /** Seals or opens the contacts under {@code node}; whether anything changed. */
    private boolean walk(JsonNode node, boolean seal) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            var names = object.fieldNames();
            java.util.List<String> fields = new java.util.ArrayList<>();
            names.forEachRemaining(fields::add);
            for (String field : fields) {
                JsonNode child = object.get(field);
                JsonNode replaced = seal ? sealed(child) : opened(child);
                if (replaced != null) {
                    object.set(field, replaced);
                    changed = true;
                } else {
                    changed |= walk(child, seal);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode child = array.get(i);
                JsonNode replaced = seal ? sealed(child) : opened(child);
                if (replaced != null) {
                    array.set(i, replaced);
                    changed = true;
                } else {
                    changed |= walk(child, seal);
                }
            }
        }
        return changed;
    }

    /** A contact naming a person, not erased: its sealed form; null for anything else. */
    private JsonNode sealed(JsonNode node) {
        if (!(node instanceof ObjectNode object) || !object.path("personId").isTextual() || object.has(PII)
                || object.path("erased").asBoolean(false) || !object.has("name")) {
            return null;
        }
        String personId = object.get("personId").asText();
        ObjectNode sealed = JSON.createObjectNode();
        sealed.put("personId", personId);
        sealed.put(PII, people.orElseThrow().seal(personId, object.toString()));
        return sealed;
    }

    /** A sealed contact: the contact as it was, or erased; null for anything else. */
    private JsonNode opened(JsonNode node) {
        if (!(node instanceof ObjectNode object) || !object.path(PII).isTextual()
                || !object.path("personId").isTextual() || object.size() != 2) {
            return null;
        }
        Optional<String> plain = people.orElseThrow().open(object.get(PII).asText());
        if (plain.isPresent()) {
            return read(plain.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return JSON.valueToTree(Contact.erased(object.get("personId").asText()));
    }

    private static boolean mentions(byte[] json, String text) {
        return new String(json, java.nio.charset.StandardCharsets.UTF_8).contains(text);
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored envelope is not JSON", e);
        }
    }

    private static byte[] write(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new IllegalStateException("an envelope could not be written", e);
        }
    }
}
