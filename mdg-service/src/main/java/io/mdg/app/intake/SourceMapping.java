package io.mdg.app.intake;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;

import io.mdg.api.EntityType;
import io.mdg.api.submission.FieldError;
import io.mdg.graphql.submission.SubmissionInput;

/**
 * A source's mapping file: how its webhook payloads become canonical submissions (the input of the GraphQL
 * {@code submit*} mutations). Paths are JSONPath (Jayway); see README "Inbound webhooks" for the format. Read and
 * checked once when the service starts: a file that names an unknown attribute, a bad path, a value map onto a value
 * the attribute does not have, or an unknown key is refused with every problem, naming the file.
 *
 * <p>Mapping a payload never guesses: a value the value map does not know, a missing required value and a value of
 * the wrong type are per-field errors of that payload ({@link Result.Unmapped}), never a default.
 */
public final class SourceMapping {

    /** What became of a payload. */
    public sealed interface Result {
        /** A canonical submission. */
        record Submission(String eventType, SubmissionInput input) implements Result {
        }

        /** An event type the mapping lists under {@code ignore}: acknowledged, nothing submitted. */
        record Ignored(String eventType) implements Result {
        }

        /** The payload cannot be mapped: why, per field. */
        record Unmapped(String eventType, List<FieldError> errors) implements Result {
        }
    }

    /** The codes of mapping errors. */
    public static final String UNMAPPED_VALUE = "UNMAPPED_VALUE";
    public static final String MISSING_VALUE = "MISSING_VALUE";
    public static final String INVALID_VALUE = "INVALID_VALUE";
    public static final String UNKNOWN_EVENT_TYPE = "UNKNOWN_EVENT_TYPE";

    private static final Set<String> TOP_KEYS = Set.of("version", "platform", "description", "eventType", "ignore",
            "events");
    private static final Set<String> EVENT_KEYS = Set.of("submission", "sourceId", "sourceVersion", "fields", "lists");
    private static final Set<String> FIELD_KEYS = Set.of("path", "values", "default", "required");
    private static final Set<String> LIST_KEYS = Set.of("path", "fields");
    private static final Set<String> RESERVED = Set.of("sourceId", "sourceVersion", "idempotencyKey");

    private final String origin;
    private final String version;
    private final JsonPath eventType;
    private final Set<String> ignored;
    private final Map<String, EventMapping> events;
    private final Configuration paths;
    private final ObjectMapper binder;

    private record FieldMapping(String target, String pathText, JsonPath path, Map<String, String> values,
                                Object fallback, boolean required) {
    }

    private record ListMapping(String target, String pathText, JsonPath path, List<FieldMapping> fields) {
    }

    private record EventMapping(EntityType type, FieldMapping sourceId, FieldMapping sourceVersion,
                                List<FieldMapping> fields, List<ListMapping> lists) {
    }

    private SourceMapping(String origin, String version, JsonPath eventType, Set<String> ignored,
                          Map<String, EventMapping> events, ObjectMapper mapper) {
        this.origin = origin;
        this.version = version;
        this.eventType = eventType;
        this.ignored = ignored;
        this.events = events;
        this.binder = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.paths = Configuration.builder().jsonProvider(new JacksonJsonNodeJsonProvider(binder))
                .mappingProvider(new JacksonMappingProvider(binder)).build();
    }

    /** The file, as configured; {@link MappingFileException} when it cannot be read or used. */
    public static SourceMapping load(Path file, ObjectMapper mapper) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingFileException(file.toString(), List.of("cannot be read: " + e));
        }
        return parse(text, file.toString(), mapper);
    }

    /** A mapping from YAML text; {@code origin} names it in error messages. */
    public static SourceMapping parse(String yaml, String origin, ObjectMapper mapper) {
        Object document;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            document = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : "line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1) + ": ";
            throw new MappingFileException(origin, List.of(where + "malformed YAML: " + e.getProblem()));
        } catch (YAMLException e) {
            throw new MappingFileException(origin, List.of("malformed YAML: " + e.getMessage()));
        }
        return new Reader(origin).read(document, mapper);
    }

    /** The file's {@code version} (recorded with each entry it mapped). */
    public String version() {
        return version;
    }

    public String origin() {
        return origin;
    }

    /**
     * The payload as a canonical submission carrying {@code idempotencyKey}, or why it cannot be one.
     */
    public Result map(JsonNode payload, String idempotencyKey) {
        DocumentContext document = com.jayway.jsonpath.JsonPath.using(paths).parse(payload);
        JsonNode typeNode = read(document, eventType);
        String type = typeNode == null || typeNode.isNull() || typeNode.isContainerNode() ? null : typeNode.asText();
        if (type == null) {
            return new Result.Unmapped(null, List.of(new FieldError("eventType", MISSING_VALUE,
                    "the payload has no event type at " + eventType.getPath())));
        }
        if (ignored.contains(type)) {
            return new Result.Ignored(type);
        }
        EventMapping event = events.get(type);
        if (event == null) {
            return new Result.Unmapped(type, List.of(new FieldError("eventType", UNKNOWN_EVENT_TYPE,
                    "event type '" + abbreviate(type) + "' is neither mapped nor ignored by " + origin
                            + " (mapped: " + String.join(", ", events.keySet()) + ")")));
        }
        List<FieldError> errors = new ArrayList<>();
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        apply(document, event.sourceId(), input, "", errors);
        JsonNode version = value(document, event.sourceVersion(), "", errors);
        if (version != null && !version.isNull()) {
            Long asVersion = version(version);
            if (asVersion == null) {
                errors.add(new FieldError("sourceVersion", INVALID_VALUE, "'" + abbreviate(version.asText())
                        + "' at " + event.sourceVersion().pathText() + " is neither a whole number nor an ISO-8601 "
                        + "time"));
            } else {
                input.put("sourceVersion", asVersion);
            }
        }
        applyAll(document, event.fields(), input, "", errors);
        for (ListMapping list : event.lists()) {
            JsonNode found = read(document, list.path());
            if (found == null || found.isNull()) {
                continue;
            }
            if (!found.isArray()) {
                errors.add(new FieldError(list.target(), INVALID_VALUE, list.pathText() + " is not a list"));
                continue;
            }
            ArrayNode target = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < found.size(); i++) {
                DocumentContext element = JsonPath.using(paths).parse(found.get(i));
                ObjectNode entry = JsonNodeFactory.instance.objectNode();
                applyAll(element, list.fields(), entry, list.target() + "[" + i + "].", errors);
                target.add(entry);
            }
            input.set(list.target(), target);
        }
        if (!errors.isEmpty()) {
            return new Result.Unmapped(type, errors);
        }
        input.put("idempotencyKey", idempotencyKey);
        try {
            return new Result.Submission(type, binder.treeToValue(input, SubmissionInput.inputClass(event.type())));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new Result.Unmapped(type, List.of(describe(e)));
        }
    }

    /**
     * The fields into {@code target}. A default of a part of a structure ({@code orderingAddress.country}) fills it
     * only when the payload sends another part of it: a default never makes up a structure the payload does not have.
     */
    private void applyAll(DocumentContext document, List<FieldMapping> fields, ObjectNode target, String prefix,
                          List<FieldError> errors) {
        List<FieldMapping> partDefaults = new ArrayList<>();
        for (FieldMapping field : fields) {
            if (field.target().contains(".") && field.fallback() != null && absent(document, field)) {
                partDefaults.add(field);
            } else {
                apply(document, field, target, prefix, errors);
            }
        }
        for (FieldMapping field : partDefaults) {
            String parent = field.target().substring(0, field.target().lastIndexOf('.'));
            JsonNode node = target;
            for (String part : parent.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            if (node instanceof ObjectNode) {
                put(target, field.target(), binder.valueToTree(field.fallback()));
            }
        }
    }

    private boolean absent(DocumentContext document, FieldMapping field) {
        if (field.path() == null) {
            return true;
        }
        JsonNode found = read(document, field.path());
        return found == null || found.isNull();
    }

    private void apply(DocumentContext document, FieldMapping field, ObjectNode target, String prefix,
                       List<FieldError> errors) {
        JsonNode value = value(document, field, prefix, errors);
        if (value != null && !value.isNull()) {
            put(target, field.target(), value);
        }
    }

    /** The field's value (value-mapped, else its default); null when absent; an error when it cannot be mapped. */
    private JsonNode value(DocumentContext document, FieldMapping field, String prefix, List<FieldError> errors) {
        if (field == null) {
            return null;
        }
        JsonNode found = field.path() == null ? null : read(document, field.path());
        if (found == null || found.isNull() || found.isArray() && found.isEmpty() && field.path().isDefinite()) {
            if (field.fallback() != null) {
                return binder.valueToTree(field.fallback());
            }
            if (field.required()) {
                errors.add(new FieldError(prefix + field.target(), MISSING_VALUE, "the payload has no value at "
                        + field.pathText()));
            }
            return null;
        }
        if (field.values() == null) {
            return found;
        }
        if (found.isArray()) {
            ArrayNode mapped = JsonNodeFactory.instance.arrayNode();
            for (JsonNode element : found) {
                JsonNode one = lookUp(field, element, prefix, errors);
                if (one != null) {
                    mapped.add(one);
                }
            }
            return mapped;
        }
        return lookUp(field, found, prefix, errors);
    }

    private JsonNode lookUp(FieldMapping field, JsonNode found, String prefix, List<FieldError> errors) {
        if (found.isContainerNode()) {
            errors.add(new FieldError(prefix + field.target(), INVALID_VALUE, field.pathText()
                    + " holds an object, not a value the value map can look up"));
            return null;
        }
        String mapped = field.values().get(found.asText());
        if (mapped == null) {
            errors.add(new FieldError(prefix + field.target(), UNMAPPED_VALUE, "'" + abbreviate(found.asText())
                    + "' at " + field.pathText() + " is not in the value map of " + field.target() + " (known: "
                    + String.join(", ", field.values().keySet()) + ")"));
            return null;
        }
        return JsonNodeFactory.instance.textNode(mapped);
    }

    private static JsonNode read(DocumentContext document, JsonPath path) {
        try {
            Object found = document.read(path);
            return found instanceof JsonNode node ? node : null;
        } catch (PathNotFoundException e) {
            return null;
        }
    }

    private static void put(ObjectNode root, String dotted, JsonNode value) {
        String[] parts = dotted.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
    }

    /** A whole number, a numeric text, or an ISO-8601 instant as epoch milliseconds. */
    static Long version(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            String text = node.asText().strip();
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                try {
                    return Instant.parse(text).toEpochMilli();
                } catch (DateTimeParseException notTime) {
                    return null;
                }
            }
        }
        return null;
    }

    static FieldError describe(Exception e) {
        if (e instanceof InvalidFormatException invalid) {
            return new FieldError(path(invalid), INVALID_VALUE, "'" + abbreviate(String.valueOf(invalid.getValue()))
                    + "' is not a valid value of " + path(invalid));
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return new FieldError(path(mapping), INVALID_VALUE, "wrong type or value for " + path(mapping));
        }
        return new FieldError("payload", INVALID_VALUE, abbreviate(String.valueOf(e.getMessage())));
    }

    private static String path(JsonMappingException e) {
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
        return path.isEmpty() ? "payload" : path.toString();
    }

    static String abbreviate(String s) {
        String line = s == null ? "" : s.replace('\n', ' ').replace('\r', ' ');
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** Reads and checks the YAML document, collecting every problem. */
    private static final class Reader {
        private final String origin;
        private final List<String> problems = new ArrayList<>();

        Reader(String origin) {
            this.origin = origin;
        }

        SourceMapping read(Object document, ObjectMapper mapper) {
            if (!(document instanceof Map<?, ?> top)) {
                throw new MappingFileException(origin, List.of("the file must be a YAML mapping with eventType and "
                        + "events"));
            }
            unknownKeys("", top, TOP_KEYS);
            String version = top.get("version") == null ? null : String.valueOf(top.get("version"));
            if (version == null || version.isBlank()) {
                problems.add("version: missing (change it whenever the content changes)");
            }
            JsonPath eventType = path("eventType", top.get("eventType"), true);
            Set<String> ignored = new java.util.LinkedHashSet<>();
            Object ignore = top.get("ignore");
            if (ignore instanceof List<?> list) {
                list.forEach(t -> ignored.add(String.valueOf(t)));
            } else if (ignore != null) {
                problems.add("ignore: must be a list of event types");
            }
            Map<String, EventMapping> events = new LinkedHashMap<>();
            if (!(top.get("events") instanceof Map<?, ?> eventMap) || eventMap.isEmpty()) {
                problems.add("events: missing; map each event type to a submission");
            } else {
                eventMap.forEach((type, spec) -> {
                    String where = "events." + type;
                    if (ignored.contains(String.valueOf(type))) {
                        problems.add(where + ": both mapped and ignored");
                    }
                    EventMapping event = event(where, spec);
                    if (event != null) {
                        events.put(String.valueOf(type), event);
                    }
                });
            }
            if (!problems.isEmpty()) {
                throw new MappingFileException(origin, problems);
            }
            return new SourceMapping(origin, version, eventType, Set.copyOf(ignored), Map.copyOf(events), mapper);
        }

        private EventMapping event(String where, Object spec) {
            if (!(spec instanceof Map<?, ?> map)) {
                problems.add(where + ": must be a mapping with submission, sourceId and fields");
                return null;
            }
            unknownKeys(where, map, EVENT_KEYS);
            EntityType type = null;
            try {
                type = EntityType.valueOf(String.valueOf(map.get("submission")).strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(where + ".submission: '" + map.get("submission") + "' is not one of "
                        + Arrays.toString(EntityType.values()));
            }
            FieldMapping sourceId = field(where + ".sourceId", "sourceId", map.get("sourceId"), String.class, true);
            if (map.get("sourceId") == null) {
                problems.add(where + ".sourceId: missing; the path of the platform's id of the record");
            }
            FieldMapping sourceVersion = map.get("sourceVersion") == null ? null
                    : field(where + ".sourceVersion", "sourceVersion", map.get("sourceVersion"), Long.class, false);
            if (type == null) {
                return null;
            }
            Class<?> input = SubmissionInput.inputClass(type);
            EntityType entityType = type;
            List<FieldMapping> fields = fields(where + ".fields", map.get("fields"), input, true);
            List<ListMapping> lists = new ArrayList<>();
            if (map.get("lists") instanceof Map<?, ?> listMap) {
                listMap.forEach((target, listSpec) -> {
                    String at = where + ".lists." + target;
                    Type targetType = componentType(input, String.valueOf(target));
                    Class<?> element = elementClass(targetType);
                    if (element == null || !element.isRecord()) {
                        problems.add(at + ": " + target + " is not a list of records of " + entityType);
                        return;
                    }
                    if (!(listSpec instanceof Map<?, ?> ls)) {
                        problems.add(at + ": must be a mapping with path and fields");
                        return;
                    }
                    unknownKeys(at, ls, LIST_KEYS);
                    JsonPath path = path(at + ".path", ls.get("path"), true);
                    List<FieldMapping> elementFields = fields(at + ".fields", ls.get("fields"), element, false);
                    if (path != null) {
                        lists.add(new ListMapping(String.valueOf(target), String.valueOf(ls.get("path")), path,
                                elementFields));
                    }
                });
            } else if (map.get("lists") != null) {
                problems.add(where + ".lists: must be a mapping of list attributes");
            }
            return new EventMapping(type, sourceId, sourceVersion, fields, List.copyOf(lists));
        }

        private List<FieldMapping> fields(String where, Object spec, Class<?> input, boolean top) {
            List<FieldMapping> fields = new ArrayList<>();
            if (spec == null) {
                return fields;
            }
            if (!(spec instanceof Map<?, ?> map)) {
                problems.add(where + ": must be a mapping of attributes to paths");
                return fields;
            }
            map.forEach((target, fieldSpec) -> {
                String name = String.valueOf(target);
                String at = where + "." + name;
                if (top && RESERVED.contains(name.split("\\.")[0])) {
                    problems.add(at + ": " + name + " is not an attribute; sourceId and sourceVersion have their "
                            + "own keys, the idempotency key is the webhook id");
                    return;
                }
                Type type = attributeType(input, name);
                if (type == null) {
                    problems.add(at + ": unknown attribute " + name + " of " + input.getSimpleName() + " (one of "
                            + attributeNames(input) + ")");
                    return;
                }
                Class<?> raw = rawClass(type);
                Class<?> leaf = raw == List.class ? elementClass(type) : raw;
                if (leaf == null || leaf.isRecord()) {
                    problems.add(at + ": " + name + " is a structure; map its parts (" + name + ".<part>)"
                            + (raw == List.class ? " under lists" : ""));
                    return;
                }
                FieldMapping field = field(at, name, fieldSpec, leaf, false);
                if (field != null) {
                    fields.add(field);
                }
            });
            return fields;
        }

        private FieldMapping field(String at, String target, Object spec, Class<?> leaf, boolean required) {
            if (spec == null) {
                return null;
            }
            if (spec instanceof String text) {
                JsonPath path = path(at, text, true);
                return path == null ? null : new FieldMapping(target, text, path, null, null, required);
            }
            if (!(spec instanceof Map<?, ?> map)) {
                problems.add(at + ": must be a JSONPath ($.a.b) or a mapping with path, values, default, required");
                return null;
            }
            unknownKeys(at, map, FIELD_KEYS);
            JsonPath path = map.get("path") == null ? null : path(at + ".path", map.get("path"), true);
            Object fallback = map.get("default");
            if (path == null && fallback == null && map.get("path") == null) {
                problems.add(at + ": needs a path or a default");
            }
            Map<String, String> values = null;
            if (map.get("values") instanceof Map<?, ?> valueMap) {
                values = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : valueMap.entrySet()) {
                    String to = String.valueOf(entry.getValue());
                    if (leaf.isEnum() && !constants(leaf).contains(to)) {
                        problems.add(at + ".values." + entry.getKey() + ": '" + to + "' is not one of "
                                + constants(leaf));
                    }
                    values.put(String.valueOf(entry.getKey()), to);
                }
                values = Map.copyOf(values);
            } else if (map.get("values") != null) {
                problems.add(at + ".values: must be a mapping of the platform's values to canonical ones");
            }
            if (fallback != null && leaf.isEnum() && !constants(leaf).contains(String.valueOf(fallback))) {
                problems.add(at + ".default: '" + fallback + "' is not one of " + constants(leaf));
            }
            boolean isRequired = required || Boolean.TRUE.equals(map.get("required"));
            return new FieldMapping(target, map.get("path") == null ? "(default)" : String.valueOf(map.get("path")),
                    path, values, fallback, isRequired);
        }

        private JsonPath path(String at, Object spec, boolean required) {
            if (spec == null) {
                if (required) {
                    problems.add(at + ": missing JSONPath");
                }
                return null;
            }
            String text = String.valueOf(spec).strip();
            if (!text.startsWith("$")) {
                problems.add(at + ": '" + text + "' is not a JSONPath (it starts with $)");
                return null;
            }
            try {
                return JsonPath.compile(text);
            } catch (InvalidPathException e) {
                problems.add(at + ": '" + text + "' is not a valid JSONPath: " + e.getMessage());
                return null;
            }
        }

        private void unknownKeys(String where, Map<?, ?> map, Set<String> known) {
            for (Object key : map.keySet()) {
                if (!known.contains(String.valueOf(key))) {
                    problems.add((where.isEmpty() ? "" : where + ".") + key + ": unknown key (known: "
                            + known.stream().sorted().toList() + ")");
                }
            }
        }
    }

    /** The type of a dotted attribute path of a record class, null when there is none. */
    static Type attributeType(Class<?> type, String dotted) {
        Type current = type;
        for (String part : dotted.split("\\.", -1)) {
            Class<?> raw = rawClass(current);
            if (raw == null || !raw.isRecord()) {
                return null;
            }
            current = componentType(raw, part);
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    private static Type componentType(Class<?> record, String name) {
        for (RecordComponent component : record.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component.getGenericType();
            }
        }
        return null;
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static Class<?> elementClass(Type type) {
        if (type instanceof ParameterizedType p && rawClass(p) == List.class) {
            return rawClass(p.getActualTypeArguments()[0]);
        }
        return null;
    }

    private static List<String> attributeNames(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                .filter(n -> !RESERVED.contains(n)).toList();
    }

    private static List<String> constants(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }
}
