package io.mdg.command.xref;

import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.EntityType;
import io.mdg.api.SourceRef;

/**
 * Cross-references in a relational table next to the event store (embedded: the same H2 database, so a new
 * golden record and its cross-reference commit together).
 */
public class JdbcCrossReferences implements CrossReferences {

    public static final String TABLE = "mdg_source_xref";

    private final JdbcTemplate jdbc;

    public JdbcCrossReferences(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "entity_type VARCHAR(16) NOT NULL, "
                + "source_system VARCHAR(32) NOT NULL, "
                + "source_id VARCHAR(256) NOT NULL, "
                + "golden_id VARCHAR(64) NOT NULL, "
                + "PRIMARY KEY (entity_type, source_system, source_id))");
    }

    @Override
    public Optional<String> find(EntityType type, SourceRef source) {
        List<String> ids = jdbc.queryForList(
                "SELECT golden_id FROM " + TABLE + " WHERE entity_type = ? AND source_system = ? AND source_id = ?",
                String.class, type.name(), source.system().name(), source.sourceId());
        return ids.stream().findFirst();
    }

    @Override
    public void link(EntityType type, SourceRef source, String goldenId) {
        try {
            jdbc.update("INSERT INTO " + TABLE + " (entity_type, source_system, source_id, golden_id) VALUES (?, ?, ?, ?)",
                    type.name(), source.system().name(), source.sourceId(), goldenId);
        } catch (DuplicateKeyException e) {
            throw new DuplicateCrossReferenceException(type + ":" + source.key(), e);
        }
    }
}
