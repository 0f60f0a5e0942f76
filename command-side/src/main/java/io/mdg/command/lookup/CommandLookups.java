package io.mdg.command.lookup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.SourceRef;
import io.mdg.api.model.Identifier;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.model.Ref;
import io.mdg.command.groupcommit.WriteBehind;
import io.mdg.rules.record.RecordFacts;
import io.mdg.rules.record.ReferenceLookup;
import io.mdg.rules.record.UniqueIdentifiers;

/**
 * The command side's own lookup tables (set-based validation), next to the event store: source cross-references,
 * unique identifiers, the current facts of every golden record and the references between records. Read by the
 * command handlers before they decide; written only by {@link RecordLookupProjector}, a subscribing processor, in
 * the same transaction as the events. Never served through the query API.
 */
public class CommandLookups implements ReferenceLookup {

    static final String XREF = "mdg_source_xref";
    static final String RECORD = "mdg_record";
    static final String IDENTIFIER = "mdg_identifier";
    static final String REFERENCE = "mdg_record_ref";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public CommandLookups(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + XREF + " ("
                + "entity_type VARCHAR(16) NOT NULL, source_system VARCHAR(32) NOT NULL, "
                + "source_id VARCHAR(256) NOT NULL, golden_id VARCHAR(64) NOT NULL, "
                + "PRIMARY KEY (entity_type, source_system, source_id))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + XREF + "_golden ON " + XREF + " (golden_id)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + RECORD + " ("
                + "record_id VARCHAR(64) NOT NULL PRIMARY KEY, entity_type VARCHAR(16) NOT NULL, "
                + "status VARCHAR(16) NOT NULL, merged_into VARCHAR(64), attributes TEXT NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + IDENTIFIER + " ("
                + "entity_type VARCHAR(16) NOT NULL, kind VARCHAR(32) NOT NULL, id_value VARCHAR(512) NOT NULL, "
                + "record_id VARCHAR(64) NOT NULL, PRIMARY KEY (entity_type, kind, id_value))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + IDENTIFIER + "_record ON " + IDENTIFIER + " (record_id)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + REFERENCE + " ("
                + "from_id VARCHAR(64) NOT NULL, to_id VARCHAR(64) NOT NULL, PRIMARY KEY (from_id, to_id))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + REFERENCE + "_to ON " + REFERENCE + " (to_id)");
        // db-scheduler's table: the persistent deadlines of change requests (they survive a restart)
        jdbc.execute("CREATE TABLE IF NOT EXISTS scheduled_tasks ("
                + "task_name VARCHAR(100) NOT NULL, task_instance VARCHAR(100) NOT NULL, task_data BYTEA, "
                + "execution_time TIMESTAMP(6) WITH TIME ZONE NOT NULL, picked BOOLEAN NOT NULL, "
                + "picked_by VARCHAR(50), last_success TIMESTAMP(6) WITH TIME ZONE, "
                + "last_failure TIMESTAMP(6) WITH TIME ZONE, consecutive_failures INT, "
                + "last_heartbeat TIMESTAMP(6) WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT, "
                + "PRIMARY KEY (task_name, task_instance))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS scheduled_tasks_execution ON scheduled_tasks (execution_time)");
    }

    // ------------------------------------------------------------------------------------------------- reads

    public Optional<String> findBySource(EntityType type, SourceRef source) {
        Unwritten unwritten = WriteBehind.existing(this);
        if (unwritten != null) {
            String golden = unwritten.xrefs.get(new XrefKey(type, source.system().name(), source.sourceId()));
            if (golden != null) {
                return Optional.of(golden);
            }
        }
        return findBySourceInTable(new XrefKey(type, source.system().name(), source.sourceId()));
    }

    public Optional<String> findByIdentifier(EntityType type, Identifier identifier) {
        Optional<String> known = KnownOwners.of(type, identifier);
        if (known != null) {
            return known;
        }
        Unwritten unwritten = WriteBehind.existing(this);
        if (unwritten != null) {
            String owner = unwritten.identifiers.get(new IdentifierKey(type, identifier.kind(), identifier.value()));
            if (owner != null) {
                return Optional.of(owner);
            }
        }
        return findByIdentifierInTable(type, identifier);
    }

    /**
     * The golden record a source record is linked to, and the owner of each of the identifiers, in one round trip
     * (a submission asks both before it decides).
     */
    public Owners owners(EntityType type, SourceRef source, Collection<Identifier> identifiers) {
        StringBuilder sql = new StringBuilder("SELECT '', '', golden_id FROM " + XREF
                + " WHERE entity_type = ? AND source_system = ? AND source_id = ?");
        List<Object> args = new ArrayList<>(List.of(type.name(), source.system().name(), source.sourceId()));
        Map<Identifier, Optional<String>> byIdentifier = new LinkedHashMap<>();
        for (Identifier identifier : identifiers) {
            if (byIdentifier.put(identifier, Optional.empty()) == null) {
                sql.append(" UNION ALL SELECT kind, id_value, record_id FROM " + IDENTIFIER
                        + " WHERE entity_type = ? AND kind = ? AND id_value = ?");
                args.addAll(List.of(type.name(), identifier.kind(), identifier.value()));
            }
        }
        String[] bySource = {null};
        jdbc.query(sql.toString(), rs -> {
            String kind = rs.getString(1);
            if (kind.isEmpty()) {
                bySource[0] = rs.getString(3);
            } else {
                byIdentifier.put(new Identifier(kind, rs.getString(2)), Optional.of(rs.getString(3)));
            }
        }, args.toArray());
        Unwritten unwritten = WriteBehind.existing(this);
        if (unwritten != null) {
            String golden = unwritten.xrefs.get(new XrefKey(type, source.system().name(), source.sourceId()));
            if (golden != null) {
                bySource[0] = golden;
            }
            for (Map.Entry<Identifier, Optional<String>> entry : byIdentifier.entrySet()) {
                String owner = unwritten.identifiers.get(new IdentifierKey(type, entry.getKey().kind(),
                        entry.getKey().value()));
                if (owner != null) {
                    entry.setValue(Optional.of(owner));
                }
            }
        }
        KnownOwners.remember(type, byIdentifier);
        return new Owners(Optional.ofNullable(bySource[0]), byIdentifier);
    }

    /**
     * The identifier owners that {@link #owners} found in the current unit of work: a submission asks them under
     * the locks it holds until its unit of work ends ({@link SourceRecordLocks}), so they cannot change meanwhile,
     * and the record's checks read them again without a round trip.
     */
    private record KnownOwners(EntityType type, Map<Identifier, Optional<String>> owners) {

        private static final String RESOURCE = KnownOwners.class.getName();

        static void remember(EntityType type, Map<Identifier, Optional<String>> owners) {
            if (CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().resources().put(RESOURCE, new KnownOwners(type, Map.copyOf(owners)));
            }
        }

        /** The owner found (empty: free), or null when it was not asked in this unit of work. */
        static Optional<String> of(EntityType type, Identifier identifier) {
            if (!CurrentUnitOfWork.isStarted()) {
                return null;
            }
            KnownOwners known = (KnownOwners) CurrentUnitOfWork.get().resources().get(RESOURCE);
            return known != null && known.type == type ? known.owners.get(identifier) : null;
        }
    }

    /** What {@link #owners} found: the source record's golden record, each identifier's owner (empty: free). */
    public record Owners(Optional<String> bySource, Map<Identifier, Optional<String>> byIdentifier) {
    }

    @Override
    public Optional<RecordFacts> find(String recordId) {
        if (recordId == null) {
            return Optional.empty();
        }
        Unwritten unwritten = WriteBehind.existing(this);
        if (unwritten != null) {
            UnwrittenRecord record = unwritten.records.get(recordId);
            if (record != null) {
                return Optional.of(new RecordFacts(recordId, record.type(), LifecycleStatus.ACTIVE,
                        record.attributes()));
            }
        }
        return jdbc.query("SELECT record_id, entity_type, status, attributes FROM " + RECORD + " WHERE record_id = ?",
                (rs, n) -> facts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), recordId)
                .stream().findFirst();
    }

    @Override
    public List<RecordFacts> referencing(String recordId) {
        writeNow();
        return jdbc.query("SELECT r.record_id, r.entity_type, r.status, r.attributes FROM " + REFERENCE + " x JOIN "
                        + RECORD + " r ON r.record_id = x.from_id WHERE x.to_id = ?",
                (rs, n) -> facts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), recordId);
    }

    /**
     * Every record of {@code type} in {@code status}, in id order, one at a time (e.g. the ACTIVE suppliers that an
     * exclusion-list import screens).
     */
    public void forEach(EntityType type, LifecycleStatus status, java.util.function.Consumer<RecordFacts> action) {
        writeNow();
        jdbc.query("SELECT record_id, entity_type, status, attributes FROM " + RECORD
                        + " WHERE entity_type = ? AND status = ? ORDER BY record_id",
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> action.accept(
                        facts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))),
                type.name(), status.name());
    }

    private RecordFacts facts(String id, String type, String status, String attributes) {
        try {
            return new RecordFacts(id, EntityType.valueOf(type), LifecycleStatus.valueOf(status),
                    json.readValue(attributes, MasterAttributes.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable attributes of record " + id, e);
        }
    }

    // ------------------------------------------------------------------------------------------------- writes

    void insertRecord(String recordId, EntityType type, MasterAttributes attributes) {
        Unwritten unwritten = WriteBehind.buffer(this, Unwritten::new, this::write);
        if (unwritten != null) {
            if (unwritten.records.putIfAbsent(recordId, new UnwrittenRecord(type, attributes)) == null) {
                for (Identifier identifier : new LinkedHashSet<>(UniqueIdentifiers.of(attributes))) {
                    String owner = unwritten.identifiers.putIfAbsent(
                            new IdentifierKey(type, identifier.kind(), identifier.value()), recordId);
                    if (owner != null && !owner.equals(recordId)) {
                        throw new DuplicateIdentifierException(type + " " + identifier);
                    }
                }
                for (String to : refIds(attributes)) {
                    unwritten.references.add(new ReferenceKey(recordId, to));
                }
            }
            return;
        }
        if (jdbc.update("INSERT INTO " + RECORD + " (record_id, entity_type, status, attributes) VALUES (?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", recordId, type.name(), LifecycleStatus.ACTIVE.name(), write(attributes)) == 0) {
            return; // already projected (idempotent)
        }
        claim(recordId, type, List.of(), Set.of(), attributes);
    }

    void updateAttributes(String recordId, MasterAttributes before, MasterAttributes after) {
        writeNow();
        jdbc.update("UPDATE " + RECORD + " SET attributes = ? WHERE record_id = ?", write(after), recordId);
        Set<String> oldRefs = refIds(before);
        claim(recordId, after.entityType(), UniqueIdentifiers.of(before), oldRefs, after);
        Set<String> newRefs = refIds(after);
        for (String gone : oldRefs) {
            if (!newRefs.contains(gone)) {
                jdbc.update("DELETE FROM " + REFERENCE + " WHERE from_id = ? AND to_id = ?", recordId, gone);
            }
        }
    }

    void updateStatus(String recordId, LifecycleStatus status) {
        writeNow();
        jdbc.update("UPDATE " + RECORD + " SET status = ? WHERE record_id = ?", status.name(), recordId);
    }

    /**
     * Links the source record to the golden record; a repeat of the same link changes nothing, a link of the source
     * record to another golden record is refused. Inserts first (a source record is nearly always new here) and only
     * looks at the existing row when the key is taken.
     */
    void linkSource(EntityType type, SourceRef source, String goldenId) {
        Unwritten unwritten = WriteBehind.buffer(this, Unwritten::new, this::write);
        if (unwritten != null) {
            String linked = unwritten.xrefs.putIfAbsent(new XrefKey(type, source.system().name(), source.sourceId()),
                    goldenId);
            if (linked != null && !linked.equals(goldenId)) {
                throw new DuplicateIdentifierException("source record " + type + " " + source.key());
            }
            return;
        }
        // ON CONFLICT: in PostgreSQL a failed statement aborts the whole transaction (the events' own), so a taken
        // key is detected without an error
        int inserted = jdbc.update("INSERT INTO " + XREF + " (entity_type, source_system, source_id, golden_id) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                type.name(), source.system().name(), source.sourceId(), goldenId);
        if (inserted == 0 && findBySource(type, source).filter(goldenId::equals).isEmpty()) {
            throw new DuplicateIdentifierException("source record " + type + " " + source.key());
        }
    }

    /** The merged record is retired; its source records and identifiers now belong to the survivor. */
    void merge(String mergedId, String survivorId) {
        writeNow();
        jdbc.update("UPDATE " + RECORD + " SET status = ?, merged_into = ? WHERE record_id = ?",
                LifecycleStatus.RETIRED.name(), survivorId, mergedId);
        jdbc.update("UPDATE " + XREF + " SET golden_id = ? WHERE golden_id = ?", survivorId, mergedId);
        jdbc.update("UPDATE " + IDENTIFIER + " SET record_id = ? WHERE record_id = ?", survivorId, mergedId);
    }

    /**
     * Claims the record's identifiers and references; releases identifiers it no longer has. An identifier or
     * identifier the record already had is looked up first (it is normally there); a new one is inserted first (ON
     * CONFLICT DO NOTHING: no error, which would abort PostgreSQL's transaction) and looked up only when its key is
     * taken.
     */
    private void claim(String recordId, EntityType type, List<Identifier> before, Set<String> refsBefore,
                       MasterAttributes after) {
        List<Identifier> now = UniqueIdentifiers.of(after);
        for (Identifier old : before) {
            if (!now.contains(old)) {
                jdbc.update("DELETE FROM " + IDENTIFIER + " WHERE entity_type = ? AND kind = ? AND id_value = ? "
                        + "AND record_id = ?", type.name(), old.kind(), old.value(), recordId);
            }
        }
        for (Identifier identifier : new LinkedHashSet<>(now)) {
            if (before.contains(identifier)) {
                Optional<String> owner = findByIdentifier(type, identifier);
                if (owner.isPresent()) {
                    if (!owner.get().equals(recordId)) {
                        throw new DuplicateIdentifierException(type + " " + identifier);
                    }
                    continue;
                }
            }
            int inserted = jdbc.update("INSERT INTO " + IDENTIFIER + " (entity_type, kind, id_value, record_id) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", type.name(), identifier.kind(), identifier.value(),
                    recordId);
            if (inserted == 0 && findByIdentifier(type, identifier).filter(recordId::equals).isEmpty()) {
                throw new DuplicateIdentifierException(type + " " + identifier);
            }
        }
        for (String to : refIds(after)) {
            jdbc.update("INSERT INTO " + REFERENCE + " (from_id, to_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    recordId, to);
        }
    }

    // ------------------------------------------------------------------------------------------ writing behind

    private record XrefKey(EntityType type, String system, String sourceId) {
    }

    private record IdentifierKey(EntityType type, String kind, String value) {
    }

    private record ReferenceKey(String from, String to) {
    }

    private record UnwrittenRecord(EntityType type, MasterAttributes attributes) {
    }

    /**
     * The rows a group's transaction has still to write ({@link WriteBehind}): only inserts of new rows; any other
     * write, and a read that joins tables, first writes them ({@link #writeNow}).
     */
    private static final class Unwritten {
        final Map<String, UnwrittenRecord> records = new LinkedHashMap<>();
        final Map<XrefKey, String> xrefs = new LinkedHashMap<>();
        final Map<IdentifierKey, String> identifiers = new LinkedHashMap<>();
        final Set<ReferenceKey> references = new LinkedHashSet<>();
    }

    /** Writes what the current transaction holds back, before a write or read that needs it in the tables. */
    private void writeNow() {
        Unwritten unwritten = WriteBehind.existing(this);
        if (unwritten != null) {
            write(unwritten);
        }
    }

    /**
     * One statement per table for all the rows held back. A key already taken is no error (ON CONFLICT DO NOTHING,
     * RETURNING what was inserted): a source record or identifier found taken by another golden record fails the
     * write (a conflict: the group is handled again, one savepoint per command), as does a record row that exists.
     */
    private void write(Unwritten unwritten) {
        if (!unwritten.records.isEmpty()) {
            List<String> ids = new ArrayList<>(unwritten.records.keySet());
            List<String> types = new ArrayList<>();
            List<String> statuses = new ArrayList<>();
            List<String> attributes = new ArrayList<>();
            for (UnwrittenRecord record : unwritten.records.values()) {
                types.add(record.type().name());
                statuses.add(LifecycleStatus.ACTIVE.name());
                attributes.add(write(record.attributes()));
            }
            int inserted = insert("INSERT INTO " + RECORD + " (record_id, entity_type, status, attributes) "
                    + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[]) "
                    + "ON CONFLICT DO NOTHING RETURNING record_id", rs -> { }, ids, types, statuses, attributes);
            if (inserted != ids.size()) {
                throw new DuplicateIdentifierException((ids.size() - inserted) + " of " + ids.size()
                        + " new records already in the lookup");
            }
            unwritten.records.clear();
        }
        if (!unwritten.xrefs.isEmpty()) {
            Map<XrefKey, String> missing = new LinkedHashMap<>(unwritten.xrefs);
            insert("INSERT INTO " + XREF + " (entity_type, source_system, source_id, golden_id) "
                            + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[]) "
                            + "ON CONFLICT DO NOTHING RETURNING entity_type, source_system, source_id",
                    rs -> missing.remove(new XrefKey(EntityType.valueOf(rs.getString(1)), rs.getString(2),
                            rs.getString(3))),
                    column(unwritten.xrefs.keySet(), k -> k.type().name()),
                    column(unwritten.xrefs.keySet(), XrefKey::system),
                    column(unwritten.xrefs.keySet(), XrefKey::sourceId), new ArrayList<>(unwritten.xrefs.values()));
            missing.forEach((key, golden) -> {
                if (findBySourceInTable(key).filter(golden::equals).isEmpty()) {
                    throw new DuplicateIdentifierException("source record " + key.type() + " " + key.system() + ":"
                            + key.sourceId());
                }
            });
            unwritten.xrefs.clear();
        }
        if (!unwritten.identifiers.isEmpty()) {
            Map<IdentifierKey, String> missing = new LinkedHashMap<>(unwritten.identifiers);
            insert("INSERT INTO " + IDENTIFIER + " (entity_type, kind, id_value, record_id) "
                            + "SELECT * FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[]) "
                            + "ON CONFLICT DO NOTHING RETURNING entity_type, kind, id_value",
                    rs -> missing.remove(new IdentifierKey(EntityType.valueOf(rs.getString(1)), rs.getString(2),
                            rs.getString(3))),
                    column(unwritten.identifiers.keySet(), k -> k.type().name()),
                    column(unwritten.identifiers.keySet(), IdentifierKey::kind),
                    column(unwritten.identifiers.keySet(), IdentifierKey::value),
                    new ArrayList<>(unwritten.identifiers.values()));
            missing.forEach((key, owner) -> {
                Identifier identifier = new Identifier(key.kind(), key.value());
                if (findByIdentifierInTable(key.type(), identifier).filter(owner::equals).isEmpty()) {
                    throw new DuplicateIdentifierException(key.type() + " " + identifier);
                }
            });
            unwritten.identifiers.clear();
        }
        if (!unwritten.references.isEmpty()) {
            insert("INSERT INTO " + REFERENCE + " (from_id, to_id) SELECT * FROM unnest(?::varchar[], ?::varchar[]) "
                            + "ON CONFLICT DO NOTHING RETURNING from_id", rs -> { },
                    column(unwritten.references, ReferenceKey::from), column(unwritten.references, ReferenceKey::to));
            unwritten.references.clear();
        }
    }

    private static <K> List<String> column(Collection<K> keys, java.util.function.Function<K, String> field) {
        List<String> values = new ArrayList<>(keys.size());
        keys.forEach(key -> values.add(field.apply(key)));
        return values;
    }

    /** Runs an INSERT ... SELECT FROM unnest(arrays) ... RETURNING; each returned row to {@code inserted}; their count. */
    @SafeVarargs
    private int insert(String sql, org.springframework.jdbc.core.RowCallbackHandler inserted, List<String>... columns) {
        int[] count = {0};
        jdbc.query(connection -> {
            java.sql.PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < columns.length; i++) {
                statement.setArray(i + 1, connection.createArrayOf("varchar", columns[i].toArray()));
            }
            return statement;
        }, rs -> {
            count[0]++;
            inserted.processRow(rs);
        });
        return count[0];
    }

    private Optional<String> findBySourceInTable(XrefKey key) {
        return jdbc.queryForList("SELECT golden_id FROM " + XREF
                        + " WHERE entity_type = ? AND source_system = ? AND source_id = ?",
                String.class, key.type().name(), key.system(), key.sourceId()).stream().findFirst();
    }

    private Optional<String> findByIdentifierInTable(EntityType type, Identifier identifier) {
        return jdbc.queryForList("SELECT record_id FROM " + IDENTIFIER
                        + " WHERE entity_type = ? AND kind = ? AND id_value = ?",
                String.class, type.name(), identifier.kind(), identifier.value()).stream().findFirst();
    }

    private static Set<String> refIds(MasterAttributes attributes) {
        Set<String> ids = new LinkedHashSet<>();
        for (Ref ref : attributes.references()) {
            if (ref != null && ref.id() != null) {
                ids.add(ref.id());
            }
        }
        return ids;
    }

    private String write(MasterAttributes attributes) {
        try {
            return json.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write attributes", e);
        }
    }
}
