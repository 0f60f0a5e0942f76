package io.mdg.command.consumer;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import io.mdg.api.error.ErrorCode;
import io.mdg.command.record.CommandRefusedException;

/**
 * The set-based part of registering consumers: a consumer's name and its client are its own. A claim is a row of
 * {@value #TABLE} written in the command's transaction (so a refused or failed command leaves none); a consumer that
 * changes its name or client gives up the old one.
 */
public class ConsumerClaims {

    static final String TABLE = "mdg_consumer_claim";

    private final JdbcTemplate jdbc;

    public ConsumerClaims(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (kind text NOT NULL, claimed text NOT NULL, "
                + "consumer_id text NOT NULL, CONSTRAINT mdg_consumer_claim_key PRIMARY KEY (kind, claimed))");
    }

    /** Claims the consumer's name and client, giving up those it held before; refused (CONFLICT) when taken. */
    public void claim(String consumerId, String name, String clientId) {
        claim(consumerId, "name", name.toLowerCase(java.util.Locale.ROOT), "the name '" + name + "'");
        claim(consumerId, "client", clientId, "the client '" + clientId + "'");
    }

    private void claim(String consumerId, String kind, String value, String what) {
        jdbc.update("INSERT INTO " + TABLE + " (kind, claimed, consumer_id) VALUES (?, ?, ?) "
                + "ON CONFLICT (kind, claimed) DO NOTHING", kind, value, consumerId);
        List<String> owner = jdbc.queryForList("SELECT consumer_id FROM " + TABLE + " WHERE kind = ? AND claimed = ?",
                String.class, kind, value);
        if (!owner.equals(List.of(consumerId))) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, "CONSUMER_" + kind.toUpperCase() + "_TAKEN",
                    what + " is another consumer's (" + owner.get(0) + ")");
        }
        jdbc.update("DELETE FROM " + TABLE + " WHERE kind = ? AND consumer_id = ? AND claimed <> ?", kind, consumerId,
                value);
    }
}
