package io.mdg.graphql.importing;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.mdg.api.submission.FieldError;
import io.mdg.graphql.submission.SubmissionInput;

/** Turns a row's JSON tree into a submission input, or into field errors that say what is wrong and where. */
final class JsonRows {

    private JsonRows() {
    }

    static ParsedRow convert(int row, JsonNode tree, ObjectMapper mapper, Class<? extends SubmissionInput> type) {
        if (tree == null || !tree.isObject()) {
            return ParsedRow.malformed(row, null,
                    List.of(new FieldError("row", "MALFORMED_ROW", "a row must be a JSON object")));
        }
        JsonNode sourceId = tree.get("sourceId");
        String id = sourceId != null && sourceId.isTextual() ? sourceId.asText() : null;
        try {
            return ParsedRow.read(row, mapper.treeToValue(tree, type));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return ParsedRow.malformed(row, id, List.of(describe(e)));
        }
    }

    static FieldError describe(Exception e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new FieldError(path(unknown), "UNKNOWN_FIELD", "unknown field '" + unknown.getPropertyName() + "'");
        }
        if (e instanceof InvalidFormatException invalid) {
            return new FieldError(path(invalid), "INVALID_VALUE", "'" + abbreviate(String.valueOf(invalid.getValue()))
                    + "' is not a valid " + typeName(invalid.getTargetType()));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return new FieldError(path(mapping), "INVALID_VALUE", "wrong type or value for " + path(mapping));
        }
        if (e instanceof JsonProcessingException json) {
            return new FieldError("row", "MALFORMED_ROW", "not valid JSON: " + abbreviate(json.getOriginalMessage()));
        }
        return new FieldError("row", "INVALID_VALUE", abbreviate(String.valueOf(e.getMessage())));
    }

    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "row" : path.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type.isEnum()) {
            return "value (one of " + java.util.Arrays.toString(type.getEnumConstants()) + ")";
        }
        return switch (type.getSimpleName()) {
            case "LocalDate" -> "date (yyyy-MM-dd)";
            case "BigDecimal" -> "decimal number";
            case "Long", "long", "Integer", "int" -> "whole number";
            case "Boolean", "boolean" -> "boolean (true or false)";
            default -> "value";
        };
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
