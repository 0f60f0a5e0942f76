package io.mdg.app.crypto;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ScreeningHit;
import io.mdg.api.screening.ScreeningRequest;

/**
 * The exclusion-list entries in screening events ({@code SupplierScreenedEvent}), encrypted with the event key ring
 * ({@link FieldEncryption}) as bank details are: the OIG LEIE and SAM list individuals (name, address, NPI, the kind
 * of exclusion), which is personal data, and events are kept forever. Encrypted: an entry's key (it holds the listed
 * name), name, tax id, NPI, street, city, state, ZIP and exclusion type, each hit's reasons (they quote the names and
 * the address) and each request's entry key. In clear: the list line, whether the entry is an individual, the
 * exclusion dates, the score and the change request. The JSON keeps its shape (each value is a string either way),
 * so the events of the previous release, with these values in clear, load as they are.
 *
 * <p>Why the ring and not a key per person ({@code ContactSealing}): these are the published lists' entries, kept as
 * evidence of why a supplier was suspended; they are not the people's own data given to the service, so there is no
 * erasure of them to serve by destroying a key, while the audit trail must keep explaining each suspension.
 */
final class ScreeningSealing extends SimpleModule {

    ScreeningSealing(FieldEncryption encryption) {
        super("mdg-screening-sealing");
        addSerializer(ExclusionEntry.class, new JsonSerializer<>() {
            @Override
            public void serialize(ExclusionEntry entry, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeStartObject();
                json.writeStringField("entryKey", encryption.encrypt(entry.entryKey()));
                json.writeNumberField("line", entry.line());
                json.writeStringField("name", encryption.encrypt(entry.name()));
                json.writeBooleanField("individual", entry.individual());
                json.writeStringField("taxId", encryption.encrypt(entry.taxId()));
                json.writeStringField("npi", encryption.encrypt(entry.npi()));
                json.writeStringField("street", encryption.encrypt(entry.street()));
                json.writeStringField("city", encryption.encrypt(entry.city()));
                json.writeStringField("state", encryption.encrypt(entry.state()));
                json.writeStringField("zip", encryption.encrypt(entry.zip()));
                json.writeStringField("exclusionType", encryption.encrypt(entry.exclusionType()));
                provider.defaultSerializeField("excludedOn", entry.excludedOn(), json);
                provider.defaultSerializeField("reinstatedOn", entry.reinstatedOn(), json);
                json.writeEndObject();
            }
        });
        addDeserializer(ExclusionEntry.class, new JsonDeserializer<>() {
            @Override
            public ExclusionEntry deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                ObjectCodec codec = parser.getCodec();
                JsonNode node = codec.readTree(parser);
                return new ExclusionEntry(open(node, "entryKey"), node.path("line").asInt(), open(node, "name"),
                        node.path("individual").asBoolean(), open(node, "taxId"), open(node, "npi"),
                        open(node, "street"), open(node, "city"), open(node, "state"), open(node, "zip"),
                        open(node, "exclusionType"), date(codec, node, "excludedOn"), date(codec, node, "reinstatedOn"));
            }

            private String open(JsonNode node, String field) {
                return encryption.decrypt(text(node, field));
            }
        });
        addSerializer(ScreeningHit.class, new JsonSerializer<>() {
            @Override
            public void serialize(ScreeningHit hit, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeStartObject();
                provider.defaultSerializeField("entry", hit.entry(), json);
                json.writeNumberField("score", hit.score());
                json.writeArrayFieldStart("reasons");
                for (String reason : hit.reasons()) {
                    json.writeString(encryption.encrypt(reason));
                }
                json.writeEndArray();
                json.writeEndObject();
            }
        });
        addDeserializer(ScreeningHit.class, new JsonDeserializer<>() {
            @Override
            public ScreeningHit deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                ObjectCodec codec = parser.getCodec();
                JsonNode node = codec.readTree(parser);
                JsonNode entry = node.get("entry");
                List<String> reasons = new ArrayList<>();
                for (JsonNode reason : node.path("reasons")) {
                    reasons.add(encryption.decrypt(reason.isNull() ? null : reason.asText()));
                }
                return new ScreeningHit(entry == null || entry.isNull() ? null
                        : codec.treeToValue(entry, ExclusionEntry.class), node.path("score").asDouble(), reasons);
            }
        });
        addSerializer(ScreeningRequest.class, new JsonSerializer<>() {
            @Override
            public void serialize(ScreeningRequest request, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeStartObject();
                json.writeStringField("entryKey", encryption.encrypt(request.entryKey()));
                json.writeStringField("changeRequestId", request.changeRequestId());
                json.writeBooleanField("opened", request.opened());
                json.writeEndObject();
            }
        });
        addDeserializer(ScreeningRequest.class, new JsonDeserializer<>() {
            @Override
            public ScreeningRequest deserialize(JsonParser parser, DeserializationContext context)
                    throws IOException {
                JsonNode node = parser.getCodec().readTree(parser);
                return new ScreeningRequest(encryption.decrypt(text(node, "entryKey")), text(node, "changeRequestId"),
                        node.path("opened").asBoolean());
            }
        });
    }

    private static LocalDate date(ObjectCodec codec, JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : codec.treeToValue(value, LocalDate.class);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
