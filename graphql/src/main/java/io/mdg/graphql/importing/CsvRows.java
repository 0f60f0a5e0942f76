package io.mdg.graphql.importing;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.submission.FieldError;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.submission.SubmissionInput;

/**
 * CSV rows. The header row names the columns by the fields of the GraphQL input:
 * <ul>
 *   <li>scalar attributes by their name ({@code sourceId}, {@code sourceVersion}, {@code legalName},
 *       {@code effectiveFrom} as {@code yyyy-MM-dd}, booleans as {@code true}/{@code false}, enums by name,
 *       decimals as written, e.g. {@code 12.50});</li>
 *   <li>fields of nested objects as dotted columns ({@code orderingAddress.city}, {@code bankAccount.iban},
 *       {@code manufacturer.sourceId}, {@code parent.id});</li>
 *   <li>lists as a JSON array in the cell ({@code tradingNames}: {@code ["Acme Med"]}, {@code packaging},
 *       {@code contacts}, {@code lines}: {@code [{"item":{"sourceId":"I-1"},"unit":"BX","price":"12.50"}]});
 *       a nested object may also be given whole as JSON in a column of its own name.</li>
 * </ul>
 * An empty cell is not sent (null). Unknown or conflicting columns refuse the whole file before anything is sent
 * (BAD_REQUEST); a row with a wrong number of cells or an unreadable value is a malformed row of its own.
 */
final class CsvRows implements RowSource {

    private enum Kind { TEXT, JSON }

    private record Column(String name, List<String> path, Kind kind) {
    }

    private final CsvReader csv;
    private final ObjectMapper mapper;
    private final Class<? extends SubmissionInput> type;
    private final List<Column> columns;
    private int row;

    private CsvRows(CsvReader csv, ObjectMapper mapper, Class<? extends SubmissionInput> type, List<Column> columns) {
        this.csv = csv;
        this.mapper = mapper;
        this.type = type;
        this.columns = columns;
    }

    /** Reads and checks the header row; refuses the file (ApiException BAD_REQUEST) when it is not usable. */
    static CsvRows open(Reader in, ObjectMapper mapper, Class<? extends SubmissionInput> type) throws IOException {
        CsvReader csv = new CsvReader(in);
        CsvReader.Record header = csv.next();
        if (header == null || header.error() != null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, header == null ? "the CSV file has no header row"
                    : "the CSV header row is malformed: " + header.error());
        }
        List<Column> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < header.cells().size(); i++) {
            String name = header.cells().get(i).strip();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            if (!names.add(name)) {
                problems.add("column '" + name + "' appears twice");
                continue;
            }
            try {
                columns.add(column(type, name));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        for (Column a : columns) {
            for (Column b : columns) {
                if (a != b && b.path().size() > a.path().size() && b.path().subList(0, a.path().size()).equals(a.path())) {
                    problems.add("columns '" + a.name() + "' and '" + b.name() + "' both set " + a.name());
                }
            }
        }
        if (!columns.stream().anyMatch(c -> c.name().equals("sourceId"))) {
            problems.add("a column 'sourceId' is required");
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "the CSV header is not usable: " + String.join("; ", problems));
        }
        return new CsvRows(csv, mapper, type, columns);
    }

    private static Column column(Class<?> root, String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a column has no name");
        }
        List<String> path = List.of(name.split("\\.", -1));
        Class<?> current = root;
        for (int i = 0; i < path.size(); i++) {
            RecordComponent component = component(current, path.get(i));
            if (component == null) {
                throw new IllegalArgumentException("unknown column '" + name + "'");
            }
            Class<?> fieldType = component.getType();
            boolean last = i == path.size() - 1;
            if (last) {
                boolean json = List.class.isAssignableFrom(fieldType) || fieldType.isRecord();
                return new Column(name, path, json ? Kind.JSON : Kind.TEXT);
            }
            if (!fieldType.isRecord()) {
                throw new IllegalArgumentException("unknown column '" + name + "': " + path.get(i) + " has no fields");
            }
            current = fieldType;
        }
        throw new IllegalStateException("unreachable");
    }

    private static RecordComponent component(Class<?> type, String name) {
        if (!type.isRecord()) {
            return null;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        return null;
    }

    @Override
    public ParsedRow next() throws IOException {
        CsvReader.Record record;
        do {
            record = csv.next();
            if (record == null) {
                return null;
            }
        } while (record.error() == null && record.cells().stream().allMatch(String::isBlank));
        row++;
        if (record.error() != null) {
            return ParsedRow.malformed(row, null, List.of(new FieldError("row", "MALFORMED_ROW", record.error())));
        }
        if (record.cells().size() != columns.size()) {
            return ParsedRow.malformed(row, null, List.of(new FieldError("row", "MALFORMED_ROW",
                    "the row has " + record.cells().size() + " cells; the header has " + columns.size())));
        }
        ObjectNode tree = mapper.createObjectNode();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String cell = record.cells().get(i);
            if (cell.isBlank()) {
                continue;
            }
            Column column = columns.get(i);
            ObjectNode parent = tree;
            for (String segment : column.path().subList(0, column.path().size() - 1)) {
                parent = parent.has(segment) ? (ObjectNode) parent.get(segment) : parent.putObject(segment);
            }
            String field = column.path().get(column.path().size() - 1);
            if (column.kind() == Kind.TEXT) {
                parent.put(field, cell);
            } else {
                try {
                    JsonNode value = mapper.readTree(cell);
                    parent.set(field, value);
                } catch (JsonProcessingException e) {
                    errors.add(new FieldError(column.name(), "INVALID_VALUE", "not valid JSON: "
                            + JsonRows.abbreviate(e.getOriginalMessage())));
                }
            }
        }
        if (!errors.isEmpty()) {
            JsonNode sourceId = tree.get("sourceId");
            return ParsedRow.malformed(row, sourceId == null ? null : sourceId.asText(), errors);
        }
        return JsonRows.convert(row, tree, mapper, type);
    }
}
