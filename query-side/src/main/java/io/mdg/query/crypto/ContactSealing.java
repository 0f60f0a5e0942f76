package io.mdg.query.crypto;

import java.io.IOException;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.mdg.api.model.Contact;

/**
 * How a {@link Contact} is stored wherever it is kept as JSON (the event store, the record history, snapshots and
 * dead letters): its personal fields sealed together under the person's key,
 * {@code {"personId": "...", "pii": "pii:v1:..."}}; an erased contact as {@code {"personId": "...", "erased": true}}.
 * Read back, a contact whose person's key is gone is {@link Contact#erased}. A contact without a person id has its
 * fields encrypted with the event key ring ({@code enc:v1:}); one stored before contacts were encrypted (plain fields)
 * is read as it is.
 */
public final class ContactSealing extends SimpleModule {

    private static final ObjectMapper FIELDS = new ObjectMapper();

    public ContactSealing(PersonalDataCipher cipher) {
        super("mdg-contact-sealing");
        addSerializer(Contact.class, new JsonSerializer<>() {
            @Override
            public void serialize(Contact contact, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeStartObject();
                if (contact.personId() != null) {
                    json.writeStringField("personId", contact.personId());
                    if (contact.wasErased()) {
                        json.writeBooleanField("erased", true);
                    } else {
                        ObjectNode fields = FIELDS.createObjectNode();
                        fields.put("name", contact.name());
                        fields.put("role", contact.role());
                        fields.put("email", contact.email());
                        fields.put("phone", contact.phone());
                        json.writeStringField("pii", cipher.seal(contact.personId(),
                                FIELDS.writeValueAsString(fields)));
                    }
                } else {
                    json.writeStringField("name", cipher.sealWithoutPerson(contact.name()));
                    json.writeStringField("role", cipher.sealWithoutPerson(contact.role()));
                    json.writeStringField("email", cipher.sealWithoutPerson(contact.email()));
                    json.writeStringField("phone", cipher.sealWithoutPerson(contact.phone()));
                }
                json.writeEndObject();
            }
        });
        addDeserializer(Contact.class, new JsonDeserializer<>() {
            @Override
            public Contact deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                JsonNode node = parser.readValueAsTree();
                String personId = text(node, "personId");
                if (personId != null && (node.path("erased").asBoolean(false) || node.hasNonNull("pii"))) {
                    if (!node.hasNonNull("pii")) {
                        return Contact.erased(personId);
                    }
                    Optional<String> plain = cipher.open(node.get("pii").asText());
                    if (plain.isEmpty()) {
                        return Contact.erased(personId);
                    }
                    JsonNode fields = FIELDS.readTree(plain.get());
                    return new Contact(text(fields, "name"), text(fields, "role"), text(fields, "email"),
                            text(fields, "phone"), personId, null);
                }
                return new Contact(open(node, "name"), open(node, "role"), open(node, "email"), open(node, "phone"),
                        personId, null);
            }

            private String open(JsonNode node, String field) {
                return cipher.openWithoutPerson(text(node, field));
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
