package io.mdg.query.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.model.Attributes;
import io.mdg.api.model.Contact;
import io.mdg.api.model.MasterAttributes;

/**
 * Attribute values as the compact JSON text of the audit trail: strings in quotes, enums by name, dates ISO
 * ({@code "2026-03-01"}), durations ISO ({@code "PT5M"}), decimals exactly as stored ({@code 12.50}, never in exponent form), nested records as
 * objects without their null fields, lists as arrays; null for no value. A contact with a person id is its person
 * id only (personal data are not kept in the trail, which is kept as long as the events: SECURITY.md "Personal data"). The same shape the change requests' before
 * and after values have at the GraphQL edge.
 */
final class AuditValues {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new com.fasterxml.jackson.databind.module.SimpleModule("mdg-audit-contacts")
                    .addSerializer(Contact.class, new com.fasterxml.jackson.databind.JsonSerializer<>() {
                        @Override
                        public void serialize(Contact contact, JsonGenerator json,
                                              com.fasterxml.jackson.databind.SerializerProvider provider)
                                throws java.io.IOException {
                            // a person by id only: the trail is kept as long as the events, the person's data
                            // only until it is erased (the record history has them until then)
                            json.writeStartObject();
                            if (contact.personId() == null) {
                                // as the other values: without their null fields
                                field(json, "name", contact.name());
                                field(json, "role", contact.role());
                                field(json, "email", contact.email());
                                field(json, "phone", contact.phone());
                            } else {
                                json.writeStringField("personId", contact.personId());
                                if (contact.wasErased()) {
                                    json.writeBooleanField("erased", true);
                                }
                            }
                            json.writeEndObject();
                        }
                    }));

    private AuditValues() {
    }

    private static void field(JsonGenerator json, String name, String value) throws java.io.IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    static String json(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an audit value of " + value.getClass().getName(), e);
        }
    }

    /** One attribute of an attribute record as JSON, null without a value (or without a record). */
    static String attribute(MasterAttributes attributes, String name) {
        return attributes == null ? null : json(Attributes.value(attributes, name));
    }
}
