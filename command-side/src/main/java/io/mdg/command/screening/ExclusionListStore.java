package io.mdg.command.screening;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.Actor;
import io.mdg.api.screening.ExclusionEntry;
import io.mdg.api.screening.ExclusionListFormat;
import io.mdg.api.screening.ExclusionListImportedEvent;
import io.mdg.api.screening.ExclusionListView;

/**
 * The imported exclusion lists, in tables of the service's PostgreSQL, written in the import's transaction (a list is
 * kept whole or not at all) and read to screen again against a list:
 *
 * <pre>
 * exclusion_lists (list_id, format, file_name, sha256, rows, in_force, list_date, imported_at, imported_by)
 * exclusion_list_entries (list_id, line, entry: the entry as JSON, sealed ({@link EntryCipher}) and base64-encoded,
 *                         PRIMARY KEY (list_id, line))
 * </pre>
 *
 * The entries are the lists' published content (the OIG and GSA publish them for exactly this screening), but the
 * LEIE and SAM list individuals by name, address and NPI, which is personal data: each entry is kept sealed with
 * the event key ring, and matching reads a list whole into memory once per process ({@link ExclusionScreens}), so
 * nothing of an entry needs to be in clear in the table. Entries kept in clear by an earlier release (JSON text) are
 * sealed in place when the schema is created, and read as they are until then.
 */
public class ExclusionListStore {

    static final String LISTS = "exclusion_lists";
    static final String ENTRIES = "exclusion_list_entries";
    private static final int BATCH = 1_000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final EntryCipher cipher;

    public ExclusionListStore(JdbcTemplate jdbc, ObjectMapper json, EntryCipher cipher) {
        this.jdbc = jdbc;
        this.json = json;
        this.cipher = cipher;
    }

    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + LISTS + " (list_id VARCHAR(64) PRIMARY KEY, "
                + "format VARCHAR(16) NOT NULL, file_name TEXT, sha256 CHAR(64) NOT NULL, rows INT NOT NULL, "
                + "in_force INT NOT NULL, list_date DATE NOT NULL, imported_at TIMESTAMPTZ NOT NULL, "
                + "imported_by TEXT NOT NULL)");
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + ENTRIES + " (list_id VARCHAR(64) NOT NULL, line INT NOT NULL, "
                + "entry TEXT NOT NULL, PRIMARY KEY (list_id, line))");
        sealEntriesInClear();
    }

    /** Seals the entries an earlier release kept in clear (JSON text), a batch at a time; answers how many. */
    int sealEntriesInClear() {
        int sealed = 0;
        while (true) {
            List<Object[]> batch = jdbc.query("SELECT list_id, line, entry FROM " + ENTRIES + " WHERE entry LIKE '{%' "
                    + "LIMIT " + BATCH, (rs, n) -> new Object[] {seal(rs.getString(3)), rs.getString(1),
                            rs.getInt(2)});
            if (batch.isEmpty()) {
                return sealed;
            }
            jdbc.batchUpdate("UPDATE " + ENTRIES + " SET entry = ? WHERE list_id = ? AND line = ?", batch);
            sealed += batch.size();
        }
    }

    /** Keeps a list and its entries (in the caller's transaction). */
    public void save(ExclusionListImportedEvent list, Instant importedAt, List<ExclusionEntry> entries) {
        jdbc.update("INSERT INTO " + LISTS + " (list_id, format, file_name, sha256, rows, in_force, list_date, "
                        + "imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                list.listId(), list.format().name(), list.fileName(), list.sha256(), list.rows(), list.inForce(),
                java.sql.Date.valueOf(list.listDate()), Timestamp.from(importedAt), list.actor().toString());
        List<Object[]> batch = new ArrayList<>(BATCH);
        for (ExclusionEntry entry : entries) {
            batch.add(new Object[] {list.listId(), entry.line(), write(entry)});
            if (batch.size() == BATCH) {
                insert(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            insert(batch);
        }
    }

    public Optional<ExclusionListView> find(String listId) {
        return jdbc.query("SELECT list_id, format, file_name, sha256, rows, in_force, list_date, imported_at, "
                + "imported_by FROM " + LISTS + " WHERE list_id = ?", (rs, n) -> new ExclusionListView(
                        rs.getString(1), ExclusionListFormat.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getInt(6), rs.getDate(7).toLocalDate(),
                        rs.getTimestamp(8).toInstant(), actor(rs.getString(9))), listId)
                .stream().findFirst();
    }

    /**
     * The lists in force: of each layout, the list of the latest list date (the latest imported of that date); a
     * monthly LEIE supersedes the month before, and the LEIE and the SAM extract are both in force.
     */
    public List<ExclusionListView> inForce() {
        return jdbc.query("SELECT DISTINCT ON (format) list_id, format, file_name, sha256, rows, in_force, list_date, "
                + "imported_at, imported_by FROM " + LISTS + " ORDER BY format, list_date DESC, imported_at DESC, "
                + "list_id DESC", (rs, n) -> new ExclusionListView(rs.getString(1),
                        ExclusionListFormat.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getInt(6), rs.getDate(7).toLocalDate(), rs.getTimestamp(8).toInstant(),
                        actor(rs.getString(9))));
    }

    /** A list's entries, in file order. */
    public List<ExclusionEntry> entries(String listId) {
        return jdbc.query("SELECT entry FROM " + ENTRIES + " WHERE list_id = ? ORDER BY line",
                (rs, n) -> read(rs.getString(1)), listId);
    }

    private void insert(List<Object[]> batch) {
        jdbc.batchUpdate("INSERT INTO " + ENTRIES + " (list_id, line, entry) VALUES (?, ?, ?)", batch);
    }

    private String write(ExclusionEntry entry) {
        try {
            return seal(json.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String seal(String plain) {
        return Base64.getEncoder().encodeToString(cipher.encrypt(plain.getBytes(StandardCharsets.UTF_8)));
    }

    /** An entry as kept: sealed (base64), or JSON in clear as an earlier release kept it. */
    private ExclusionEntry read(String stored) {
        String text = stored.startsWith("{") ? stored
                : new String(cipher.decrypt(Base64.getDecoder().decode(stored)), StandardCharsets.UTF_8);
        try {
            return json.readValue(text, ExclusionEntry.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable exclusion-list entry", e);
        }
    }

    private static Actor actor(String text) {
        int colon = text.indexOf(':');
        return new Actor(Actor.ActorType.valueOf(text.substring(0, colon).toUpperCase(java.util.Locale.ROOT)),
                text.substring(colon + 1));
    }
}
