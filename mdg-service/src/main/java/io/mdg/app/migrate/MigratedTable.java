package io.mdg.app.migrate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * One table of the H2 command database of earlier releases and how it is copied and compared: its columns (each
 * read and hashed the same way on both sides) and its key, which orders the rows on both sides alike (text keys by
 * their UTF-8 bytes: H2 and PostgreSQL collations differ).
 */
record MigratedTable(String name, List<Column> columns, List<String> key) {

    /** How a column's value is read and hashed: the same on H2 and on PostgreSQL. */
    enum Kind { TEXT, BYTES, INTEGER, BOOLEAN, TIMESTAMP_TZ }

    record Column(String name, Kind kind) {
    }

    /** The tables of the earlier releases' H2 command database, in the order they are copied. */
    static final List<MigratedTable> ALL = List.of(
            // Axon's event table (AbstractEventTableFactory): the audit history
            new MigratedTable("domainevententry", List.of(
                    new Column("globalindex", Kind.INTEGER),
                    new Column("eventidentifier", Kind.TEXT),
                    new Column("aggregateidentifier", Kind.TEXT),
                    new Column("sequencenumber", Kind.INTEGER),
                    new Column("type", Kind.TEXT),
                    new Column("timestamp", Kind.TEXT),
                    new Column("payloadtype", Kind.TEXT),
                    new Column("payloadrevision", Kind.TEXT),
                    new Column("payload", Kind.BYTES),
                    new Column("metadata", Kind.BYTES)), List.of("globalindex")),
            new MigratedTable("snapshotevententry", List.of(
                    new Column("aggregateidentifier", Kind.TEXT),
                    new Column("sequencenumber", Kind.INTEGER),
                    new Column("type", Kind.TEXT),
                    new Column("eventidentifier", Kind.TEXT),
                    new Column("timestamp", Kind.TEXT),
                    new Column("payloadtype", Kind.TEXT),
                    new Column("payloadrevision", Kind.TEXT),
                    new Column("payload", Kind.BYTES),
                    new Column("metadata", Kind.BYTES)), List.of("aggregateidentifier", "sequencenumber")),
            // the command side's lookup tables (CommandLookups)
            new MigratedTable("mdg_source_xref", List.of(
                    new Column("entity_type", Kind.TEXT),
                    new Column("source_system", Kind.TEXT),
                    new Column("source_id", Kind.TEXT),
                    new Column("golden_id", Kind.TEXT)), List.of("entity_type", "source_system", "source_id")),
            new MigratedTable("mdg_record", List.of(
                    new Column("record_id", Kind.TEXT),
                    new Column("entity_type", Kind.TEXT),
                    new Column("status", Kind.TEXT),
                    new Column("merged_into", Kind.TEXT),
                    new Column("attributes", Kind.TEXT)), List.of("record_id")),
            new MigratedTable("mdg_identifier", List.of(
                    new Column("entity_type", Kind.TEXT),
                    new Column("kind", Kind.TEXT),
                    new Column("id_value", Kind.TEXT),
                    new Column("record_id", Kind.TEXT)), List.of("entity_type", "kind", "id_value")),
            new MigratedTable("mdg_record_ref", List.of(
                    new Column("from_id", Kind.TEXT),
                    new Column("to_id", Kind.TEXT)), List.of("from_id", "to_id")),
            // db-scheduler's table: the deadlines of pending change requests
            new MigratedTable("scheduled_tasks", List.of(
                    new Column("task_name", Kind.TEXT),
                    new Column("task_instance", Kind.TEXT),
                    new Column("task_data", Kind.BYTES),
                    new Column("execution_time", Kind.TIMESTAMP_TZ),
                    new Column("picked", Kind.BOOLEAN),
                    new Column("picked_by", Kind.TEXT),
                    new Column("last_success", Kind.TIMESTAMP_TZ),
                    new Column("last_failure", Kind.TIMESTAMP_TZ),
                    new Column("consecutive_failures", Kind.INTEGER),
                    new Column("last_heartbeat", Kind.TIMESTAMP_TZ),
                    new Column("version", Kind.INTEGER),
                    new Column("priority", Kind.INTEGER)), List.of("task_name", "task_instance")));

    /** The SQL dialects of the two sides. */
    enum Side {
        H2, POSTGRES;

        String quote(String identifier) {
            return "\"" + (this == H2 ? identifier.toUpperCase(Locale.ROOT) : identifier) + "\"";
        }
    }

    String select(Side side) {
        String columnList = columns.stream().map(c -> side.quote(c.name())).collect(Collectors.joining(", "));
        String order = key.stream().map(k -> orderTerm(side, k)).collect(Collectors.joining(", "));
        return "SELECT " + columnList + " FROM " + side.quote(name) + " ORDER BY " + order;
    }

    String insert() {
        return "INSERT INTO " + Side.POSTGRES.quote(name) + " ("
                + columns.stream().map(c -> Side.POSTGRES.quote(c.name())).collect(Collectors.joining(", "))
                + ") VALUES (" + columns.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
    }

    String count(Side side) {
        return "SELECT COUNT(*) FROM " + side.quote(name);
    }

    private String orderTerm(Side side, String keyColumn) {
        Kind kind = columns.stream().filter(c -> c.name().equals(keyColumn)).findFirst().orElseThrow().kind();
        String quoted = side.quote(keyColumn);
        if (kind != Kind.TEXT) {
            return quoted;
        }
        // UTF-8 byte order on both sides (H2 compares strings by UTF-16 units, PostgreSQL by its collation)
        return side == Side.H2 ? "CAST(" + quoted + " AS VARBINARY)" : quoted + " COLLATE \"C\"";
    }

    /** Reads the row's values (1-based result columns in {@link #columns} order), the same way on both sides. */
    Object[] read(ResultSet rs) throws SQLException {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            int index = i + 1;
            values[i] = switch (columns.get(i).kind()) {
                case TEXT -> rs.getString(index);
                case BYTES -> rs.getBytes(index);
                case INTEGER -> {
                    long value = rs.getLong(index);
                    yield rs.wasNull() ? null : value;
                }
                case BOOLEAN -> {
                    boolean value = rs.getBoolean(index);
                    yield rs.wasNull() ? null : value;
                }
                case TIMESTAMP_TZ -> rs.getObject(index, OffsetDateTime.class);
            };
        }
        return values;
    }

    void bind(PreparedStatement insert, Object[] values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            int index = i + 1;
            Object value = values[i];
            Kind kind = columns.get(i).kind();
            if (value == null) {
                insert.setNull(index, switch (kind) {
                    case TEXT -> Types.VARCHAR;
                    case BYTES -> Types.BINARY;
                    case INTEGER -> Types.BIGINT;
                    case BOOLEAN -> Types.BOOLEAN;
                    case TIMESTAMP_TZ -> Types.TIMESTAMP_WITH_TIMEZONE;
                });
                continue;
            }
            switch (kind) {
                case TEXT -> insert.setString(index, (String) value);
                case BYTES -> insert.setBytes(index, (byte[]) value);
                case INTEGER -> insert.setLong(index, (Long) value);
                case BOOLEAN -> insert.setBoolean(index, (Boolean) value);
                case TIMESTAMP_TZ -> insert.setObject(index, value, Types.TIMESTAMP_WITH_TIMEZONE);
            }
        }
    }

    /**
     * A SHA-256 over the table's rows in key order: per value a null marker or its length and canonical bytes
     * (text as UTF-8, numbers in decimal, instants in UTC), so that equal rows hash equally on either side.
     */
    static final class RowHash {

        private final MessageDigest digest;
        private long rows;

        RowHash() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available in this JVM", e);
            }
        }

        void add(Object[] values) {
            for (Object value : values) {
                if (value == null) {
                    digest.update((byte) 0);
                    continue;
                }
                byte[] bytes;
                if (value instanceof byte[] raw) {
                    bytes = raw;
                } else if (value instanceof String text) {
                    bytes = text.getBytes(StandardCharsets.UTF_8);
                } else if (value instanceof OffsetDateTime time) {
                    bytes = time.toInstant().toString().getBytes(StandardCharsets.US_ASCII);
                } else {
                    bytes = value.toString().getBytes(StandardCharsets.US_ASCII); // Long, Boolean
                }
                digest.update((byte) 1);
                digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                digest.update(bytes);
            }
            rows++;
        }

        long rows() {
            return rows;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
