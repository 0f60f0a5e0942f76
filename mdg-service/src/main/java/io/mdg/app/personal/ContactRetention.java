package io.mdg.app.personal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.rules.InForce;
import io.mdg.api.Actor;
import io.mdg.api.record.EraseContactCommand;
import io.mdg.rules.personal.PersonalDataRules;

/**
 * The retention period of the rules file ({@code personalData.contactRetention}): erases the contacts of suppliers
 * retired longer ago than the period, as the system ({@code system:retention}), unless a legal hold keeps them (the
 * record refuses then; the next run tries again). Run by db-scheduler as a recurring task
 * ({@code mdg.personal-data.retention-check}, default hourly): persistent, and one node at a time runs it.
 *
 * <p>Suppliers retired before this release are counted from the first run (they have no retirement time of their
 * own in {@code mdg_person_retention}): the period is never shorter than configured.
 */
public class ContactRetention {

    private static final Logger log = LoggerFactory.getLogger(ContactRetention.class);
    static final Actor RETENTION = new Actor(Actor.ActorType.SYSTEM, "retention");

    private final JdbcTemplate jdbc;
    private final PersonKeys keys;
    private final InForce<PersonalDataRules> rules;
    private final CommandGateway commands;
    private final Clock clock;

    public ContactRetention(JdbcTemplate jdbc, PersonKeys keys, InForce<PersonalDataRules> rules,
                            CommandGateway commands,
                            Clock clock) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.rules = rules;
        this.commands = commands;
        this.clock = clock;
    }

    /** Erases every contact that is due; answers how many. */
    public int run() {
        if (rules.now().contactRetention() == null) {
            return 0;
        }
        Instant now = clock.instant();
        // suppliers retired before the retirement times were kept: from now on
        jdbc.update("INSERT INTO " + ContactKeyShredder.RETIRED + " (record_id, retired_at) SELECT record_id, ? "
                + "FROM mdg_record WHERE entity_type = 'SUPPLIER' AND status = 'RETIRED' ON CONFLICT DO NOTHING",
                java.sql.Timestamp.from(now));
        List<Map<String, Object>> retired = jdbc.queryForList("SELECT record_id, retired_at FROM "
                + ContactKeyShredder.RETIRED + " ORDER BY retired_at");
        int erased = 0;
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (Map<String, Object> row : retired) {
            String recordId = (String) row.get("record_id");
            Instant retiredAt = ((java.sql.Timestamp) row.get("retired_at")).toInstant();
            if (!rules.now().retentionOver(retiredAt, now)) {
                continue;
            }
            for (String personId : keys.people(recordId)) {
                try {
                    commands.sendAndWait(new EraseContactCommand(recordId, personId, "retention period "
                            + rules.now().contactRetention() + " after the supplier was retired on "
                            + LocalDate.ofInstant(retiredAt, ZoneOffset.UTC), RETENTION, true, today));
                    erased++;
                } catch (CommandExecutionException e) {
                    log.info("Contact {} of supplier {} not erased by retention: {}", personId, recordId,
                            e.getMessage());
                }
            }
        }
        if (erased > 0) {
            log.info("Retention erased {} contact person(s)", erased);
        }
        return erased;
    }
}
