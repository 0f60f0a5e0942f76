package io.mdg.app.personal;

import java.time.Instant;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.record.ContactErasedEvent;
import io.mdg.api.record.LifecycleChangedEvent;
import io.mdg.api.record.RecordMergedEvent;

/**
 * Destroys a person's key when its erasure is stored, and keeps when each supplier was retired (the retention
 * period counts from then): a subscribing processor, so in the unit of work and transaction of the events (the
 * erasure event and the destroyed key commit together, or neither does).
 *
 * <pre>
 * mdg_person_retention: record_id (a RETIRED supplier), retired_at
 * </pre>
 */
@ProcessingGroup(ContactKeyShredder.GROUP)
public class ContactKeyShredder {

    public static final String GROUP = "personal-data";
    static final String RETIRED = "mdg_person_retention";

    private final PersonKeys keys;
    private final JdbcTemplate jdbc;

    public ContactKeyShredder(PersonKeys keys, JdbcTemplate jdbc) {
        this.keys = keys;
        this.jdbc = jdbc;
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + RETIRED + " (record_id text COLLATE \"C\" PRIMARY KEY, "
                + "retired_at timestamptz NOT NULL)");
    }

    @EventHandler
    void on(ContactErasedEvent event) {
        keys.erase(event.personId());
    }

    @EventHandler
    void on(LifecycleChangedEvent event, @Timestamp Instant at) {
        if (event.type() != EntityType.SUPPLIER) {
            return;
        }
        if (event.to() == LifecycleStatus.RETIRED) {
            retired(event.recordId(), at);
        } else {
            jdbc.update("DELETE FROM " + RETIRED + " WHERE record_id = ?", event.recordId());
        }
    }

    @EventHandler
    void on(RecordMergedEvent event, @Timestamp Instant at) {
        if (event.type() == EntityType.SUPPLIER) {
            retired(event.recordId(), at);
        }
    }

    private void retired(String recordId, Instant at) {
        jdbc.update("INSERT INTO " + RETIRED + " (record_id, retired_at) VALUES (?, ?) ON CONFLICT (record_id) "
                + "DO NOTHING", recordId, java.sql.Timestamp.from(at));
    }
}
