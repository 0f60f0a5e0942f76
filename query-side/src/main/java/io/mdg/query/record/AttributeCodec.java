package io.mdg.query.record;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.Decimal128;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.mdg.api.EntityType;
import io.mdg.api.model.Attributes;
import io.mdg.api.model.MasterAttributes;

/**
 * Converts attribute records to BSON documents and back, through Jackson: dates as ISO strings
 * ({@code 2026-03-01}), enums by name, nested records as sub-documents, lists as arrays, attributes without a value
 * left out. Decimals (contract prices) are stored as BSON {@code Decimal128}, which keeps their exact value; one
 * that Decimal128 cannot hold exactly (more than 34 digits) is stored as its string, which reads back the same.
 * The {@code @type} discriminator of {@link MasterAttributes} is kept in the document.
 */
public final class AttributeCodec {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** The attributes as a BSON document (only attributes with a value). */
    public Document toDocument(MasterAttributes attributes) {
        Map<String, Object> map = mapper.convertValue(attributes, MAP);
        return new Document(toBson(map));
    }

    /** The attributes of the entity type from a stored document; an empty record when there is none. */
    public MasterAttributes fromDocument(EntityType type, Document document) {
        if (document == null) {
            return Attributes.empty(type);
        }
        Map<String, Object> map = fromBson(document);
        map.put("@type", type.name());
        return mapper.convertValue(map, Attributes.recordClass(type));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toBson(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> result.put(key, toBsonValue(value)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object toBsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return new Document(toBson((Map<String, Object>) map));
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            list.forEach(v -> result.add(toBsonValue(v)));
            return result;
        }
        if (value instanceof BigDecimal decimal) {
            try {
                return new Decimal128(decimal);
            } catch (NumberFormatException | ArithmeticException e) {
                return decimal.toPlainString();
            }
        }
        return value;
    }

    private static Map<String, Object> fromBson(Map<String, Object> map) {
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> result.put(key, fromBsonValue(value)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Object fromBsonValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return fromBson((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> result = new ArrayList<>(list.size());
            list.forEach(v -> result.add(fromBsonValue(v)));
            return result;
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        return value;
    }
}
