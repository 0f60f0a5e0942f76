package io.mdg.query.distribution;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import io.mdg.rules.InForce;
import io.mdg.api.EntityType;
import io.mdg.api.consumer.ChangeKind;
import io.mdg.api.consumer.ConsumerSettings;
import io.mdg.api.consumer.ConsumerSubscription;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.record.RecordView;
import io.mdg.query.consumer.ConsumerRegistry;
import io.mdg.query.consumer.StoredConsumer;
import io.mdg.query.distribution.ChangeEnvelopes.FeedEntry;
import io.mdg.query.history.RecordVersions;
import io.mdg.query.record.RecordReadModel;
import io.mdg.rules.access.AccessRules;
import io.mdg.rules.consumer.ConsumerAttributes;
import io.mdg.rules.consumer.ConsumerRules;

/**
 * Every consumer's own change feed, cut from the {@link ChangeOutbox} by one fan-out thread, and read by the pull
 * API and the push delivery ({@link ConsumerFeedSource}). In tables of the service's PostgreSQL:
 *
 * <pre>
 * mdg_consumer_feed  (consumer_id, seq: 1, 2, ... per consumer, gap-free; kind; outbox_position: the outbox row
 *                     it was cut from, which holds the change; synthetic: a load's entry, the record as it stands;
 *                     entries of releases before 2026-12-07 hold a copy of the change in columns of their own)
 * mdg_consumer_cursor (consumer_id, outbox_position: the outbox read up to, head: the feed's last seq,
 *                     subscription: the subscription the feed was cut by, load: the types of a load under way,
 *                     load_after: the load's place, implicit: per type, the outbox positions between which a
 *                     record's creation makes it received without a scope row)
 * mdg_consumer_scope (consumer_id, record_type, record_id, version: the one at which it entered or left,
 *                     received: whether the consumer receives the record now)
 * </pre>
 *
 * <p>A record has a scope row only where it differs from its <b>implicit</b> reception: a record of a type the
 * consumer has been subscribed to since outbox position {@code from} (up to {@code until}, when the type left the
 * subscription) and created after it is received unless a row says otherwise; any other record is not. So the new
 * records a consumer receives, by far the most of its feed, cost no row and no lookup (a CREATED row is a record's
 * first: no row can exist for it); a record filtered out, loaded, removed or created before the consumer has one.
 *
 * <p>For each outbox row of a subscribed type, the fan-out reads the record at that version from its history and
 * asks the consumer rules whether the consumer receives it ({@link ConsumerRules#receives}: item classes, the
 * location subtree). A record it receives now and did not before enters as CREATED (a new record) or SNAPSHOT; one
 * it received and no longer does leaves with REMOVED; a change of attributes none of which the consumer receives is
 * not its news. Rows of one record are in version order in the outbox, so they stay so in every feed.
 *
 * <p>A <b>load</b> sends every record the consumer receives as SNAPSHOT and every one it no longer receives as
 * REMOVED, from the latest version of each record in the outbox up to the consumer's outbox position, while that
 * position stands still; the live rows after it follow the load. So there is no gap and no duplicate between the two.
 * A load runs for a new consumer that asked for an initial load, when a consumer's subscription changes (a widened
 * filter brings in the records now entering it, a narrowed one removes those leaving it), and, for a consumer with a
 * location subtree, when a location's parent changes (its whole subtree may have moved). It goes a page at a time,
 * each page one transaction, and resumes where it stopped after a restart.
 *
 * <p>A consumer registered without an initial load starts with the changes committed after its registration.
 *
 * <p>Each consumer's step runs in one transaction that holds a PostgreSQL advisory lock on the consumer, so that
 * processes sharing the database never cut the same feed twice. An outbox row whose version the record history does
 * not hold yet (the golden-records processor is behind) holds that consumer's feed until it does.
 */
@Component
@Profile("query")
public class ConsumerFeeds implements ConsumerFeedSource, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsumerFeeds.class);

    static final String FEED = "mdg_consumer_feed";
    static final String CURSOR = "mdg_consumer_cursor";
    static final String SCOPE = "mdg_consumer_scope";
    static final int PAGE = 500;
    static final int RECENT_VERSIONS = 4_000;
    /** Advisory locks of the fan-out: this key space plus the consumer's hash. */
    private static final int LOCK_SPACE = 0x6d646766;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ConsumerRegistry registry;
    private final RecordVersions history;
    private final RecordReadModel records;
    private final InForce<ConsumerAttributes> attributes;
    private final ChangeEnvelopes envelopes;
    private final Duration interval;
    private final OutboxSignal signal;
    private final NotificationEntries notifications;
    private final List<java.util.function.Consumer<String>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Runnable> passes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Thread worker;
    /** The versions read most recently (a few consumers' pages' worth), oldest first out. */
    private final Map<RecordVersions.Key, RecordView> recent = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<RecordVersions.Key, RecordView> eldest) {
            return size() > RECENT_VERSIONS;
        }
    };
    /** Whether the step under way appended entries to its consumer's feed (steps run on one thread). */
    private boolean appended;
    /** Whether every entry has its outbox position (those of the previous release get it at the first step). */
    private boolean positioned;
    private volatile Instant lastWaitWarning = Instant.EPOCH;

    public ConsumerFeeds(DataSource dataSource, ConsumerRegistry registry, RecordVersions history,
                         RecordReadModel records, InForce<ConsumerAttributes> attributes, InForce<AccessRules> access,
                         OutboxSignal signal, @Value("${mdg.distribution.fan-out-interval:100ms}") Duration interval) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.registry = registry;
        this.history = history;
        this.records = records;
        this.attributes = attributes;
        this.envelopes = new ChangeEnvelopes(attributes, access);
        this.interval = interval;
        this.signal = signal;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + FEED + " (consumer_id text COLLATE \"C\" NOT NULL, "
                + "seq bigint NOT NULL, record_type text NOT NULL, record_id text COLLATE \"C\" NOT NULL, "
                + "version bigint NOT NULL, kind text NOT NULL, changed text[] NOT NULL, survivor_id text, "
                + "merged_id text, event_id text, correlation_id text, rules_version text, at timestamptz NOT NULL, "
                + "PRIMARY KEY (consumer_id, seq))");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + CURSOR + " (consumer_id text COLLATE \"C\" PRIMARY KEY, "
                + "outbox_position bigint NOT NULL, head bigint NOT NULL, subscription text NOT NULL, "
                + "load text[], load_type text, load_after text COLLATE \"C\")");
        jdbc.execute("ALTER TABLE " + CURSOR + " ADD COLUMN IF NOT EXISTS implicit text");
        // the outbox row an entry was cut from: finds a record's entries through the outbox's index by record (live
        // entries are appended in outbox order, so this index grows at its end, unlike one by record)
        jdbc.execute("ALTER TABLE " + FEED + " ADD COLUMN IF NOT EXISTS outbox_position bigint");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + FEED + "_outbox ON " + FEED + " (consumer_id, outbox_position)");
        // the entries still without it (the previous release's, until the first step): empty once they have it, so
        // that step's look for them at every start reads no table
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + FEED + "_unpositioned ON " + FEED + " (seq) "
                + "WHERE outbox_position IS NULL");
        // an entry is its place, its kind and its outbox row (a load's entry: the record as it stands, no change of
        // its own): the change itself is read from the outbox, not copied into every consumer's feed; entries of
        // the previous release keep their copy (record_id not null)
        jdbc.execute("ALTER TABLE " + FEED + " ADD COLUMN IF NOT EXISTS synthetic boolean NOT NULL DEFAULT false");
        for (String column : List.of("record_type", "record_id", "version", "changed", "at")) {
            jdbc.execute("ALTER TABLE " + FEED + " ALTER COLUMN " + column + " DROP NOT NULL");
        }
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + SCOPE + " (consumer_id text COLLATE \"C\" NOT NULL, "
                + "record_type text NOT NULL, record_id text COLLATE \"C\" NOT NULL, version bigint NOT NULL, "
                + "received boolean NOT NULL, PRIMARY KEY (consumer_id, record_type, record_id))");
        this.notifications = new NotificationEntries(jdbc);
    }

    // ---------------------------------------------------------------------------------------------- reading

    @Override
    public List<FeedItem> after(String consumerId, long afterSeq, int limit) {
        Optional<StoredConsumer> consumer = registry.load(consumerId);
        if (consumer.isEmpty()) {
            return List.of();
        }
        // a steward notification's entry is read whole here (NotificationEntries); a change's, as an entry
        Map<Long, FeedItem> notified = new HashMap<>();
        List<FeedEntry> entries = jdbc.query("SELECT " + ENTRY + ", " + NotificationEntries.COLUMNS + " FROM " + FEED
                        + " f LEFT JOIN " + ChangeOutbox.TABLE + " o ON o.position = f.outbox_position"
                        + NotificationEntries.JOIN + " WHERE f.consumer_id = ? AND f.seq > ? ORDER BY f.seq LIMIT ?",
                (rs, n) -> {
                    if (NotificationEntries.isNotification(rs)) {
                        FeedItem item = NotificationEntries.read(rs.getLong(1), rs, ENTRY_COLUMNS + 1);
                        notified.put(item.seq(), item);
                        return new FeedEntry(item.seq(), item.id(), item.recordType(), item.recordId(), 0,
                                ChangeKind.STEWARD_NOTIFICATION, List.of(), null, null, item.correlationId(), null,
                                item.committedAt());
                    }
                    return entry(consumerId, rs);
                }, consumerId, afterSeq, Math.max(0, limit));
        Map<RecordVersions.Key, RecordView> versions = versions(entries.stream()
                .filter(e -> e.kind() != ChangeKind.REMOVED && e.kind() != ChangeKind.STEWARD_NOTIFICATION)
                .map(e -> new RecordVersions.Key(e.recordType(), e.recordId(), e.version())).toList());
        List<FeedItem> items = new ArrayList<>(entries.size());
        ConsumerSettings settings = consumer.get().view().settings();
        for (FeedEntry e : entries) {
            if (notified.containsKey(e.seq())) {
                items.add(notified.get(e.seq()));
                continue;
            }
            RecordView record = versions.get(new RecordVersions.Key(e.recordType(), e.recordId(), e.version()));
            if (e.kind() != ChangeKind.REMOVED && record == null) {
                // the fan-out enters only versions the history holds: a history cleared for a rebuild is refilled
                break;
            }
            items.add(new FeedItem(e.seq(), e.id(), e.recordType(), e.recordId(),
                    e.kind() == ChangeKind.REMOVED ? 0 : e.version(), e.kind().name(), e.at(), e.correlationId(),
                    envelopes.envelope(e, record, settings)));
        }
        return items;
    }

    /**
     * The versions, from the recently read ones where they are (every consumer reads the same versions, most within
     * moments of each other; a version never changes), else the memory read model's record when it is at that
     * version, else from the history in one round trip.
     */
    Map<RecordVersions.Key, RecordView> versions(List<RecordVersions.Key> keys) {
        Map<RecordVersions.Key, RecordView> found = new HashMap<>();
        List<RecordVersions.Key> missing = new ArrayList<>();
        synchronized (recent) {
            for (RecordVersions.Key key : keys) {
                RecordView view = recent.get(key);
                if (view != null) {
                    found.put(key, view);
                } else {
                    missing.add(key);
                }
            }
        }
        if (!missing.isEmpty() && records.inMemory()) {
            // most entries are about a record's latest version, which the memory read model holds as it is
            missing.removeIf(key -> {
                RecordView current = records.find(key.type(), key.recordId()).orElse(null);
                if (current != null && current.version() == key.version()) {
                    found.put(key, current);
                    return true;
                }
                return false;
            });
        }
        if (!missing.isEmpty()) {
            Map<RecordVersions.Key, RecordView> read = history.versions(missing);
            found.putAll(read);
            synchronized (recent) {
                recent.putAll(read);
            }
        }
        return found;
    }

    /**
     * A record's contacts changed (an erasure among them): the versions and envelopes of it kept in memory are read
     * and made again from the history, where an erased person's contacts read as erased (their key is gone). On the
     * node that cuts the feeds at once; elsewhere as their caches turn over (as the person keys' own cache, a short
     * while).
     */
    private void forgetContacts(EntityType type, String recordId) {
        synchronized (recent) {
            recent.keySet().removeIf(key -> key.type() == type && key.recordId().equals(recordId));
        }
        envelopes.forgetRecord(type, recordId);
    }

    @Override
    public Map<String, FeedItem> latest(String consumerId, EntityType type, Map<String, Long> through) {
        Map<String, FeedItem> latest = new HashMap<>();
        if (through.isEmpty()) {
            return latest;
        }
        jdbc.query("SELECT " + ENTRY + " FROM " + ChangeOutbox.TABLE + " o JOIN " + FEED + " f "
                + "ON f.consumer_id = ? AND f.outbox_position = o.position "
                + "WHERE o.record_type = ? AND o.record_id = ANY (?)", rs -> {
                    FeedEntry e = entry(consumerId, rs);
                    Long bound = through.get(e.recordId());
                    FeedItem found = latest.get(e.recordId());
                    if (e.recordType() == type && bound != null && e.seq() <= bound
                            && (found == null || found.seq() < e.seq())) {
                        latest.put(e.recordId(), new FeedItem(e.seq(), e.id(), type, e.recordId(),
                                e.kind() == ChangeKind.REMOVED ? 0 : e.version(), e.kind().name(), e.at(),
                                e.correlationId(), new byte[0]));
                    }
                }, consumerId, type.name(), through.keySet().toArray(String[]::new));
        return latest;
    }

    @Override
    public void onAppended(java.util.function.Consumer<String> listener) {
        listeners.add(listener);
    }

    @Override
    public long head(String consumerId) {
        List<Long> head = jdbc.queryForList("SELECT head FROM " + CURSOR + " WHERE consumer_id = ?", Long.class,
                consumerId);
        return head.isEmpty() ? 0 : head.get(0);
    }

    /** An entry's columns ({@code f}) and its outbox row's ({@code o}), as {@link #entry} reads them. */
    private static final String ENTRY = "f.seq, f.kind, f.synthetic, f.record_id, f.record_type, f.version, f.changed, "
            + "f.survivor_id, f.merged_id, f.event_id, f.correlation_id, f.rules_version, f.at, o.record_type, "
            + "o.record_id, o.version, o.kind, o.changed, o.survivor_id, o.merged_id, o.event_id, o.correlation_id, "
            + "o.rules_version, o.at, o.rules_hash";
    /** How many columns {@link #ENTRY} has. */
    private static final int ENTRY_COLUMNS = 25;

    /**
     * An entry: the change of its outbox row, seen as the entry's kind (a load's entry has no change or event of its
     * own; a live entry has its event's id where it tells the change as it was, CREATED or the same kind); an entry
     * of the previous release, from its own copy.
     */
    private static FeedEntry entry(String consumerId, ResultSet rs) throws SQLException {
        long seq = rs.getLong(1);
        ChangeKind kind = ChangeKind.valueOf(rs.getString(2));
        if (rs.getString(4) != null) {
            String eventId = rs.getString(10);
            return new FeedEntry(seq, eventId != null ? eventId : consumerId + "-" + seq,
                    EntityType.valueOf(rs.getString(5)), rs.getString(4), rs.getLong(6), kind, strings(rs.getArray(7)),
                    rs.getString(8), rs.getString(9), rs.getString(11), rs.getString(12),
                    rs.getObject(13, OffsetDateTime.class).toInstant());
        }
        boolean synthetic = rs.getBoolean(3);
        ChangeKind change = ChangeKind.valueOf(rs.getString(17));
        String eventId = !synthetic && (kind == change || kind == ChangeKind.CREATED) ? rs.getString(21) : null;
        return new FeedEntry(seq, eventId != null ? eventId : consumerId + "-" + seq,
                EntityType.valueOf(rs.getString(14)), rs.getString(15), rs.getLong(16), kind,
                synthetic ? List.of() : strings(rs.getArray(18)), synthetic ? null : rs.getString(19),
                synthetic ? null : rs.getString(20), rs.getString(22), rs.getString(23),
                rs.getObject(24, OffsetDateTime.class).toInstant(), rs.getString(25));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    // ---------------------------------------------------------------------------------------------- fan-out

    /**
     * One step for every consumer: a page of its load or of the outbox. Answers whether any consumer's feed moved
     * (then the next step follows at once). Steps run on one thread at a time (the fan-out's, or a test's).
     */
    public boolean step() {
        if (!positioned) {
            // entries cut by the previous release: their outbox row by (type, id, version), once (at the first step:
            // the outbox's table is there by then)
            jdbc.update("UPDATE " + FEED + " f SET outbox_position = o.position FROM " + ChangeOutbox.TABLE + " o "
                    + "WHERE f.outbox_position IS NULL AND o.record_type = f.record_type "
                    + "AND o.record_id = f.record_id AND o.version = f.version");
            positioned = true;
        }
        boolean moved = false;
        for (StoredConsumer consumer : registry.all()) {
            try {
                appended = false;
                Boolean stepped = transactions.execute(tx -> step(consumer));
                moved |= Boolean.TRUE.equals(stepped);
                if (appended) {
                    // committed: the consumer's readers may read them now
                    listeners.forEach(listener -> listener.accept(consumer.view().consumerId()));
                }
            } catch (RuntimeException e) {
                log.error("The change feed of consumer {} could not be cut (will try again): {}",
                        consumer.view().consumerId(), e.toString(), e);
            }
        }
        return moved;
    }

    private boolean step(StoredConsumer consumer) {
        String id = consumer.view().consumerId();
        Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, ?)", Boolean.class, LOCK_SPACE,
                id.hashCode());
        if (!Boolean.TRUE.equals(locked)) {
            return false;
        }
        ConsumerSubscription subscription = consumer.view().settings().subscription();
        String wanted = canonical(subscription);
        Cursor cursor = cursor(id).orElse(null);
        if (cursor == null) {
            start(consumer, wanted);
            return true;
        }
        if (cursor.implicit() == null) {
            // a cursor of an earlier release: every record it has seen has a row, none created after its place
            jdbc.update("UPDATE " + CURSOR + " SET implicit = ? WHERE consumer_id = ?", Implicit.write(
                    Implicit.resubscribed(Map.of(), subscription.types(), cursor.position())), id);
            return true;
        }
        if (!cursor.subscription().equals(wanted)) {
            // a changed subscription: load again (what enters, what leaves), from the start of the record space
            jdbc.update("UPDATE " + CURSOR + " SET subscription = ?, load = ?, load_type = NULL, load_after = NULL, "
                    + "implicit = ? WHERE consumer_id = ?", wanted, types(EnumSet.allOf(EntityType.class)),
                    Implicit.write(Implicit.resubscribed(cursor.implicit(), subscription.types(), cursor.position())),
                    id);
            return true;
        }
        boolean moved = cursor.load() != null ? load(consumer, cursor) : live(consumer, cursor);
        // the steward notifications it subscribes to, after the changes (their own place in the cursor)
        int notified = notifications.append(consumer.view(), PAGE);
        appended |= notified > 0;
        return moved || notified >= 0;
    }

    /** A consumer seen for the first time: its feed starts after the outbox rows committed before its registration. */
    private void start(StoredConsumer consumer, String subscription) {
        Instant registered = consumer.view().registeredAt();
        Long before = jdbc.queryForObject("SELECT coalesce(max(position), 0) FROM " + ChangeOutbox.TABLE
                + " WHERE at < ?", Long.class, OffsetDateTime.ofInstant(registered, ZoneOffset.UTC));
        Set<EntityType> types = consumer.view().settings().subscription().types();
        jdbc.update("INSERT INTO " + CURSOR + " (consumer_id, outbox_position, head, subscription, load, implicit) "
                        + "VALUES (?, ?, 0, ?, ?, ?)", consumer.view().consumerId(), before, subscription,
                consumer.initialLoad() ? types(types) : null,
                Implicit.write(Implicit.resubscribed(Map.of(), types, before)));
    }

    /** The next page of the outbox after the consumer's position. */
    private boolean live(StoredConsumer consumer, Cursor cursor) {
        String id = consumer.view().consumerId();
        ConsumerSettings settings = consumer.view().settings();
        ConsumerSubscription subscription = settings.subscription();
        List<OutboxRow> rows = jdbc.query("SELECT position, record_type, record_id, version, kind, changed, "
                        + "survivor_id, merged_id, event_id, correlation_id, rules_version, at FROM "
                        + ChangeOutbox.TABLE + " WHERE position > ? ORDER BY position LIMIT " + PAGE,
                (rs, n) -> OutboxRow.of(rs), cursor.position());
        if (rows.isEmpty()) {
            return false;
        }
        Instant registered = consumer.view().registeredAt();
        List<OutboxRow> wanted = rows.stream()
                .filter(row -> subscription.types().contains(row.type()))
                .filter(row -> consumer.initialLoad() || !row.at().isBefore(registered))
                .toList();
        // the record's values are needed only where the subscription filters by them (a reader of the feed waits
        // for a version the history does not hold yet: ConsumerFeeds#after)
        Map<RecordVersions.Key, RecordView> versions = history.versions(wanted.stream()
                .filter(row -> ConsumerRules.filters(subscription, row.type())).map(OutboxRow::key).toList());
        // a CREATED row is its record's first: only the records seen before can have a scope row
        Receptions before = receptions(id, cursor, wanted.stream().filter(row -> row.kind() != ChangeKind.CREATED)
                .map(OutboxRow::scopeKey).collect(Collectors.toSet()));
        Set<RecordVersions.Key> wantedKeys = wanted.stream().map(OutboxRow::key).collect(Collectors.toSet());
        Map<String, Scope> changedScopes = new HashMap<>();
        Appender feed = new Appender(id, cursor.head());
        long position = cursor.position();
        boolean locationsMoved = false;
        for (OutboxRow row : rows) {
            if (row.kind() == ChangeKind.CREATED) {
                before.created(row);
            }
            if (row.changed().contains("contacts")) {
                forgetContacts(row.type(), row.recordId());
            }
            if (wantedKeys.contains(row.key())) {
                Optional<Boolean> receiving = receives(id, subscription, row, versions);
                if (receiving.isEmpty()) {
                    break;
                }
                boolean receives = receiving.get();
                boolean received = before.received(row.type(), row.recordId());
                Optional<ChangeKind> kind = kindFor(row, received, receives, settings);
                kind.ifPresent(k -> feed.add(row, k));
                if (received != receives) {
                    // written when the record enters or leaves (a later version of a received record changes
                    // nothing here: the rows after a load's place are later versions than the load sent)
                    Scope scope = new Scope(row.type(), row.recordId(), row.version(), receives);
                    changedScopes.put(row.scopeKey(), scope);
                    before.put(scope);
                }
                locationsMoved |= row.type() == EntityType.LOCATION && subscription.locationSubtree() != null
                        && row.changed().contains("parent");
            } else if (row.kind() == ChangeKind.CREATED && subscription.types().contains(row.type())
                    && before.received(row.type(), row.recordId())) {
                // created before the registration by its time (the outbox's order is its commits'): not received
                Scope scope = new Scope(row.type(), row.recordId(), row.version(), false);
                changedScopes.put(row.scopeKey(), scope);
                before.put(scope);
            }
            position = row.position();
        }
        if (position == cursor.position()) {
            return false;
        }
        feed.write();
        saveScopes(id, changedScopes.values());
        jdbc.update("UPDATE " + CURSOR + " SET outbox_position = ?, head = ?, load = ? WHERE consumer_id = ?",
                position, feed.head(), locationsMoved ? types(Set.of(EntityType.LOCATION)) : null, id);
        return true;
    }

    /**
     * The kind of the entry a live outbox row makes in a consumer's feed, or none: whether the consumer received the
     * record before (its scope) and receives it at this version decide.
     */
    private Optional<ChangeKind> kindFor(OutboxRow row, boolean received, boolean receives,
                                         ConsumerSettings settings) {
        if (!receives) {
            return received ? Optional.of(ChangeKind.REMOVED) : Optional.empty();
        }
        if (!received) {
            return Optional.of(row.kind() == ChangeKind.CREATED ? ChangeKind.CREATED : ChangeKind.SNAPSHOT);
        }
        if (row.kind() == ChangeKind.CHANGED && !row.changed().isEmpty()) {
            Set<String> delivered = attributes.now().received(settings.subscription(), row.type());
            if (row.changed().stream().noneMatch(delivered::contains)) {
                return Optional.empty();
            }
        }
        return Optional.of(row.kind());
    }

    /** One page of a load: the latest version of each record of the load's types, in (type, id) order. */
    private boolean load(StoredConsumer consumer, Cursor cursor) {
        String id = consumer.view().consumerId();
        ConsumerSettings settings = consumer.view().settings();
        ConsumerSubscription subscription = settings.subscription();
        List<EntityType> types = cursor.load().stream().sorted().toList();
        // (type name, id) in text order, from the start ("", "") or after the last record of the previous page
        String fromType = cursor.loadType() == null ? "" : cursor.loadType();
        String fromId = cursor.loadAfter() == null ? "" : cursor.loadAfter();
        List<OutboxRow> latest = jdbc.query("SELECT DISTINCT ON (record_type, record_id) position, record_type, "
                        + "record_id, version, kind, changed, survivor_id, merged_id, event_id, correlation_id, "
                        + "rules_version, at FROM " + ChangeOutbox.TABLE + " WHERE record_type = ANY (?) "
                        + "AND (record_type, record_id) > (?, ?) AND position <= ? "
                        + "ORDER BY record_type, record_id, version DESC LIMIT " + PAGE,
                (rs, n) -> OutboxRow.of(rs), types(cursor.load()), fromType, fromId, cursor.position());
        if (latest.isEmpty()) {
            // a load of every type wrote a row for every record that left: the intervals of the types that left the
            // subscription are no longer needed (nor right, should a type come back)
            Map<EntityType, Implicit> implicit = cursor.load().containsAll(EnumSet.allOf(EntityType.class))
                    ? Implicit.keepSubscribed(cursor.implicit(), subscription.types()) : cursor.implicit();
            jdbc.update("UPDATE " + CURSOR + " SET load = NULL, load_type = NULL, load_after = NULL, implicit = ? "
                    + "WHERE consumer_id = ?", Implicit.write(implicit), id);
            log.info("Consumer {}: load of {} done at feed entry {}", id, types, cursor.head());
            return true;
        }
        Map<RecordVersions.Key, RecordView> versions = history.versions(latest.stream()
                .filter(row -> ConsumerRules.filters(subscription, row.type())).map(OutboxRow::key).toList());
        Receptions before = receptions(id, cursor, latest.stream().map(OutboxRow::scopeKey)
                .collect(Collectors.toSet()));
        Appender feed = new Appender(id, cursor.head());
        Map<String, Scope> changedScopes = new HashMap<>();
        OutboxRow last = null;
        for (OutboxRow row : latest) {
            Optional<Boolean> receiving = receives(id, subscription, row, versions);
            if (receiving.isEmpty()) {
                break;
            }
            boolean receives = receiving.get();
            boolean received = before.received(row.type(), row.recordId());
            if (receives != received) {
                feed.addSynthetic(row, receives ? ChangeKind.SNAPSHOT : ChangeKind.REMOVED);
                changedScopes.put(row.scopeKey(), new Scope(row.type(), row.recordId(), row.version(), receives));
            }
            last = row;
        }
        if (last == null) {
            return false;
        }
        feed.write();
        saveScopes(id, changedScopes.values());
        jdbc.update("UPDATE " + CURSOR + " SET head = ?, load_type = ?, load_after = ? WHERE consumer_id = ?",
                feed.head(), last.type().name(), last.recordId(), id);
        return true;
    }

    /**
     * Whether the consumer receives the record at the row's version: by its type, and where the subscription filters
     * by values, by the record at that version ({@code versions}); empty while the history does not hold that
     * version yet (the feed waits for it).
     */
    private Optional<Boolean> receives(String consumerId, ConsumerSubscription subscription, OutboxRow row,
                                       Map<RecordVersions.Key, RecordView> versions) {
        if (!ConsumerRules.filters(subscription, row.type())) {
            return Optional.of(subscription.types().contains(row.type()));
        }
        RecordView record = versions.get(row.key());
        if (record == null) {
            warnWaiting(consumerId, row);
            return Optional.empty();
        }
        return Optional.of(ConsumerRules.receives(subscription, row.type(), row.recordId(), record.attributes(),
                this::parentOf));
    }

    /** A location's parent as the golden records stand now. */
    private Optional<String> parentOf(String locationId) {
        return records.find(EntityType.LOCATION, locationId)
                .map(RecordView::attributes)
                .filter(LocationAttributes.class::isInstance)
                .map(a -> ((LocationAttributes) a).parent())
                .map(ref -> ref.id());
    }

    private void warnWaiting(String consumerId, OutboxRow row) {
        Instant now = Instant.now();
        if (Duration.between(lastWaitWarning, now).toMinutes() >= 1
                && Duration.between(row.at(), now).compareTo(Duration.ofSeconds(30)) > 0) {
            lastWaitWarning = now;
            log.warn("Consumer {}: waiting for {} {} version {} in the record history (the golden-records "
                    + "processor is behind, or parked the event)", consumerId, row.type(), row.recordId(),
                    row.version());
        }
    }

    private Optional<Cursor> cursor(String consumerId) {
        return jdbc.query("SELECT outbox_position, head, subscription, load, load_type, load_after, implicit FROM "
                + CURSOR + " WHERE consumer_id = ? FOR UPDATE", (rs, n) -> {
                    List<String> load = rs.getArray(4) == null ? null : strings(rs.getArray(4));
                    return new Cursor(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            load == null ? null : load.stream().map(EntityType::valueOf)
                                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(EntityType.class))),
                            rs.getString(5), rs.getString(6), Implicit.read(rs.getString(7)));
                }, consumerId).stream().findFirst();
    }

    private Map<String, Scope> scopes(String consumerId, Set<String> keys) {
        Map<String, Scope> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        byKeys("SELECT record_type, record_id, version, received FROM " + SCOPE + " WHERE consumer_id = ? AND "
                + "(record_type, record_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))", consumerId, keys, rs -> {
            Scope scope = new Scope(EntityType.valueOf(rs.getString(1)), rs.getString(2), rs.getLong(3),
                    rs.getBoolean(4));
            found.put(scope.key(), scope);
        });
        return found;
    }

    /**
     * Whether the consumer received these records before the rows at hand: their scope rows, and for those without
     * one, their implicit reception (the outbox position of their creation, read in one round trip, decides).
     */
    private Receptions receptions(String consumerId, Cursor cursor, Set<String> keys) {
        Map<String, Scope> rows = scopes(consumerId, keys);
        Set<String> implicit = keys.stream().filter(key -> !rows.containsKey(key))
                .filter(key -> cursor.implicit().containsKey(EntityType.valueOf(key.substring(0, key.indexOf('/')))))
                .collect(Collectors.toSet());
        return new Receptions(rows, creations(implicit), cursor.implicit());
    }

    /** The outbox position of each record's creation (its first version's row). */
    private Map<String, Long> creations(Set<String> keys) {
        Map<String, Long> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        byKeys("SELECT o.record_type, o.record_id, o.position FROM unnest(?::text[], ?::text[]) AS k(record_type, "
                + "record_id) JOIN " + ChangeOutbox.TABLE + " o ON o.record_type = k.record_type "
                + "AND o.record_id = k.record_id AND o.version = 1", null, keys, rs -> {
            found.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
        });
        return found;
    }

    /**
     * Runs {@code sql} with the keys ({@code TYPE/id}) as two text arrays of types and ids, after the consumer's id
     * where one is given.
     */
    private void byKeys(String sql, String consumerId, Set<String> keys,
                        org.springframework.jdbc.core.RowCallbackHandler rows) {
        List<String> types = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        keys.forEach(key -> {
            int at = key.indexOf('/');
            types.add(key.substring(0, at));
            ids.add(key.substring(at + 1));
        });
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(sql);
            int parameter = 1;
            if (consumerId != null) {
                statement.setString(parameter++, consumerId);
            }
            statement.setArray(parameter++, connection.createArrayOf("text", types.toArray()));
            statement.setArray(parameter, connection.createArrayOf("text", ids.toArray()));
            return statement;
        }, rows);
    }

    private void saveScopes(String consumerId, java.util.Collection<Scope> scopes) {
        if (scopes.isEmpty()) {
            return;
        }
        List<Scope> all = List.copyOf(scopes);
        jdbc.batchUpdate("INSERT INTO " + SCOPE + " (consumer_id, record_type, record_id, version, received) "
                + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (consumer_id, record_type, record_id) DO UPDATE SET "
                + "version = EXCLUDED.version, received = EXCLUDED.received", all, all.size(), (ps, scope) -> {
                    ps.setString(1, consumerId);
                    ps.setString(2, scope.type().name());
                    ps.setString(3, scope.recordId());
                    ps.setLong(4, scope.version());
                    ps.setBoolean(5, scope.received());
                });
    }

    /** A subscription written so that two equal ones read the same (what the feed was cut by). */
    static String canonical(ConsumerSubscription subscription) {
        StringBuilder text = new StringBuilder("types=").append(subscription.types().stream().sorted().toList());
        subscription.attributeGroups().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                text.append(";groups.").append(e.getKey()).append('=').append(e.getValue().stream().sorted().toList()));
        return text.append(";subtree=").append(subscription.locationSubtree())
                .append(";itemClasses=").append(subscription.itemClasses().stream().sorted().toList()).toString();
    }

    private static String[] types(Set<EntityType> types) {
        return types.stream().sorted().map(Enum::name).toArray(String[]::new);
    }

    /** The entries a step adds to one consumer's feed, numbered after its head, written in one batch. */
    private final class Appender {
        private final String consumerId;
        private final List<Object[]> rows = new ArrayList<>();
        private long head;

        Appender(String consumerId, long head) {
            this.consumerId = consumerId;
            this.head = head;
        }

        /**
         * A live entry: its id is its event's (the same change has the same id in every consumer's feed), except a
         * removal or a snapshot, which this consumer alone gets ({@link #entry}).
         */
        void add(OutboxRow row, ChangeKind kind) {
            head++;
            rows.add(new Object[] {consumerId, head, kind.name(), row.position(), false});
        }

        /** A load's entry: the record as it stands, not a change (no attributes changed, no event of its own). */
        void addSynthetic(OutboxRow row, ChangeKind kind) {
            head++;
            rows.add(new Object[] {consumerId, head, kind.name(), row.position(), true});
        }

        long head() {
            return head;
        }

        void write() {
            if (rows.isEmpty()) {
                return;
            }
            appended = true;
            jdbc.batchUpdate("INSERT INTO " + FEED + " (consumer_id, seq, kind, outbox_position, synthetic) "
                    + "VALUES (?, ?, ?, ?, ?)", rows);
        }
    }

    /**
     * The records of a type received without a scope row: those created after outbox position {@code from} (the
     * type's subscription began) and, once it ended, at or before {@code until}.
     */
    record Implicit(long from, Long until) {

        boolean covers(long creation) {
            return creation > from && (until == null || creation <= until);
        }

        /**
         * The intervals after the subscription's types became {@code types} at outbox position {@code at}: a type
         * that left ends there, a type never subscribed before begins there (no record created after it has a row
         * yet); a type that comes back keeps its ended interval, so its new records get rows.
         */
        static Map<EntityType, Implicit> resubscribed(Map<EntityType, Implicit> before, Set<EntityType> types,
                                                      long at) {
            Map<EntityType, Implicit> after = new java.util.EnumMap<>(EntityType.class);
            after.putAll(before);
            before.forEach((type, interval) -> {
                if (!types.contains(type) && interval.until() == null) {
                    after.put(type, new Implicit(interval.from(), at));
                }
            });
            types.forEach(type -> after.putIfAbsent(type, new Implicit(at, null)));
            return after;
        }

        /** Without the intervals of the types no longer subscribed. */
        static Map<EntityType, Implicit> keepSubscribed(Map<EntityType, Implicit> before, Set<EntityType> types) {
            Map<EntityType, Implicit> after = new java.util.EnumMap<>(EntityType.class);
            before.forEach((type, interval) -> {
                if (types.contains(type)) {
                    after.put(type, interval);
                }
            });
            return after;
        }

        /** {@code ITEM:120-;SUPPLIER:7-98}; null for a cursor of an earlier release (every record seen has a row). */
        static Map<EntityType, Implicit> read(String text) {
            if (text == null) {
                return null;
            }
            Map<EntityType, Implicit> read = new java.util.EnumMap<>(EntityType.class);
            if (!text.isEmpty()) {
                for (String part : text.split(";")) {
                    int colon = part.indexOf(':');
                    int dash = part.indexOf('-', colon);
                    String until = part.substring(dash + 1);
                    read.put(EntityType.valueOf(part.substring(0, colon)), new Implicit(
                            Long.parseLong(part.substring(colon + 1, dash)), until.isEmpty() ? null : Long.valueOf(until)));
                }
            }
            return read;
        }

        static String write(Map<EntityType, Implicit> intervals) {
            return intervals.entrySet().stream().map(e -> e.getKey().name() + ":" + e.getValue().from() + "-"
                    + (e.getValue().until() == null ? "" : e.getValue().until())).collect(Collectors.joining(";"));
        }
    }

    /** Whether a consumer received records before the rows at hand, as the step goes on. */
    private static final class Receptions {
        private final Map<String, Scope> rows;
        private final Map<String, Long> creations;
        private final Map<EntityType, Implicit> implicit;

        Receptions(Map<String, Scope> rows, Map<String, Long> creations, Map<EntityType, Implicit> implicit) {
            this.rows = rows;
            this.creations = creations;
            this.implicit = implicit;
        }

        /** A record created by a row of this page. */
        void created(OutboxRow row) {
            creations.put(row.scopeKey(), row.position());
        }

        void put(Scope scope) {
            rows.put(scope.key(), scope);
        }

        boolean received(EntityType type, String recordId) {
            String key = type.name() + "/" + recordId;
            Scope row = rows.get(key);
            if (row != null) {
                return row.received();
            }
            Implicit interval = implicit.get(type);
            Long creation = creations.get(key);
            return interval != null && creation != null && interval.covers(creation);
        }
    }

    /** Where a consumer's feed stands. {@code load}: the types of a load under way (null: none). */
    private record Cursor(long position, long head, String subscription, Set<EntityType> load, String loadType,
                          String loadAfter, Map<EntityType, Implicit> implicit) {
    }

    /** Whether a consumer receives a record now, and the version at which it entered or left. */
    private record Scope(EntityType type, String recordId, long version, boolean received) {
        String key() {
            return type.name() + "/" + recordId;
        }
    }

    /** A row of the outbox. */
    private record OutboxRow(long position, EntityType type, String recordId, long version, ChangeKind kind,
                             List<String> changed, String survivorId, String mergedId, String eventId,
                             String correlationId, String rulesVersion, Instant at) {

        static OutboxRow of(ResultSet rs) throws SQLException {
            return new OutboxRow(rs.getLong(1), EntityType.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4),
                    ChangeKind.valueOf(rs.getString(5)), strings(rs.getArray(6)), rs.getString(7), rs.getString(8),
                    rs.getString(9), rs.getString(10), rs.getString(11),
                    rs.getObject(12, OffsetDateTime.class).toInstant());
        }

        RecordVersions.Key key() {
            return new RecordVersions.Key(type, recordId, version);
        }

        String scopeKey() {
            return type.name() + "/" + recordId;
        }
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "mdg-consumer-feeds");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    /**
     * Runs {@code pass} on the fan-out's thread after each of its passes over the feeds (the GraphQL change feed reads
     * the outbox then, {@link RecordChangeFeed}); a pass that fails is logged and tried at the next one.
     */
    void afterEachPass(Runnable pass) {
        passes.add(pass);
    }

    /**
     * Steps while the feeds move (at most a hundred steps in a row), runs the {@link #afterEachPass} actions, then
     * waits for the outbox's next commit in this process ({@link OutboxSignal}) or the interval, whichever comes
     * first.
     */
    private void run() {
        while (worker == Thread.currentThread()) {
            try {
                int steps = 0;
                boolean moved;
                do {
                    moved = step();
                } while (moved && ++steps < 100 && worker == Thread.currentThread());
                for (Runnable pass : passes) {
                    try {
                        pass.run();
                    } catch (RuntimeException e) {
                        log.warn("After the consumer feeds' pass: {}", e.toString());
                    }
                }
                if (!moved) {
                    signal.await(interval);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("Consumer feeds: step failed (will try again)", e);
            }
        }
    }

    @Override
    public void stop() {
        Thread thread = worker;
        worker = null;
        if (thread != null) {
            signal.committed(); // ends its wait; a step under way finishes first
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }
}
