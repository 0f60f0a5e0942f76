package io.mdg.command.idempotency;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.idempotency.IdempotencyClaim;
import io.mdg.command.groupcommit.WriteBehind;
import io.mdg.command.record.CommandRefusedException;

/**
 * The answers given to commands that carried an idempotency key ({@link IdempotencyClaim}), in the table
 * {@value #TABLE} next to the event store: one row per scope and key with the hash of the input and the answer,
 * sealed ({@link AnswerCipher}), kept for the retention window ({@code mdg.idempotency.retention}).
 *
 * <p>{@link #claim} is one round trip: it tries a PostgreSQL advisory lock on the scope and key for the rest of the
 * transaction (so a second request with the key, on any node, sees that the first is in flight) and reads the row
 * that is not expired. {@link #remember} writes the answer in the same transaction as the command's events: held
 * back and written with the group's other rows by one statement in a group commit that writes behind
 * ({@link WriteBehind}), else at once. A row whose window has passed is ignored by the check and overwritten by the
 * next use of its key; {@link #purgeExpired} deletes such rows.
 */
public class IdempotencyStore {

    public static final String TABLE = "mdg_idempotency";
    /** The key space of the advisory locks ("mdid"); the second key is {@code hashtext} of {@link #lockName}. */
    public static final int LOCK_SPACE = 0x6d646964;
    private static final int PURGE_CHUNK = 5_000;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final AnswerCipher cipher;
    private final Duration retention;
    /** The transaction's rows held back (writing behind), and the keys it claimed. */
    private final Object unwrittenKey = new Object();
    private final Object claimedKey = new Object();

    public IdempotencyStore(JdbcTemplate jdbc, ObjectMapper json, AnswerCipher cipher, Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("mdg.idempotency.retention must be positive, not " + retention);
        }
        this.jdbc = jdbc;
        this.json = json;
        this.cipher = cipher;
        this.retention = retention;
    }

    public Duration retention() {
        return retention;
    }

    public void createSchema() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "scope VARCHAR(300) NOT NULL, idem_key VARCHAR(" + IdempotencyClaim.MAX_KEY_LENGTH + ") NOT NULL, "
                + "input_hash CHAR(64) NOT NULL, result_type VARCHAR(200), answer BYTEA, "
                + "created_at TIMESTAMP WITH TIME ZONE NOT NULL, expires_at TIMESTAMP WITH TIME ZONE NOT NULL, "
                + "PRIMARY KEY (scope, idem_key))");
        jdbc.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_expires ON " + TABLE + " (expires_at)");
    }

    /** An answer given before (its value may be null: the command answered nothing). */
    public record StoredAnswer(Object value) {
    }

    /**
     * Claims the key for the current transaction: the answer given before to the same input, or empty when the
     * command is to be handled (its answer then goes to {@link #remember} in this transaction). Refused with CONFLICT
     * {@value IdempotencyClaim#REUSED} when the key's answer was for a different input, and
     * {@value IdempotencyClaim#IN_FLIGHT} while another transaction (or an earlier command of this one) holds the key.
     */
    public Optional<StoredAnswer> claim(IdempotencyClaim claim) {
        String lockName = lockName(claim.scope(), claim.key());
        Object[] found = jdbc.query("SELECT l.locked, i.input_hash, i.result_type, i.answer FROM "
                        + "(SELECT pg_try_advisory_xact_lock(?, hashtext(?)) AS locked) l LEFT JOIN " + TABLE
                        + " i ON i.scope = ? AND i.idem_key = ? AND i.expires_at > now()",
                rs -> {
                    rs.next();
                    return new Object[] {rs.getBoolean(1), rs.getString(2), rs.getString(3), rs.getBytes(4)};
                }, LOCK_SPACE, lockName, claim.scope(), claim.key());
        boolean locked = (Boolean) found[0];
        String storedHash = (String) found[1];
        if (storedHash != null) {
            if (!storedHash.equals(claim.inputHash())) {
                throw new CommandRefusedException(ErrorCode.CONFLICT, IdempotencyClaim.REUSED, "idempotency key '"
                        + claim.key() + "' was used before with a different input; a new request needs a new key");
            }
            return Optional.of(new StoredAnswer(open((String) found[2], (byte[]) found[3])));
        }
        Set<String> claimed = claimedInTransaction();
        if (!locked || claimed != null && !claimed.add(lockName)) {
            throw new CommandRefusedException(ErrorCode.CONFLICT, IdempotencyClaim.IN_FLIGHT, "a request with "
                    + "idempotency key '" + claim.key() + "' is still being handled; ask again when it is answered");
        }
        return Optional.empty();
    }

    /** The name whose {@code hashtext} is the second key of the advisory lock of a scope's key. */
    public static String lockName(String scope, String key) {
        return scope + "\n" + key;
    }

    /** Keeps the command's answer to the claim, in the current transaction (written behind in a group commit). */
    public void remember(IdempotencyClaim claim, Object answer) {
        Row row = new Row(claim, answer == null ? null : answer.getClass().getName(), seal(answer));
        List<Row> unwritten = WriteBehind.buffer(unwrittenKey, ArrayList::new, this::write);
        if (unwritten != null) {
            unwritten.add(row);
        } else {
            write(new ArrayList<>(List.of(row)));
        }
    }

    /** Deletes the rows whose window has passed, in chunks; the number deleted. Safe on every node at once. */
    public int purgeExpired() {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.update("DELETE FROM " + TABLE + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + TABLE
                    + " WHERE expires_at <= now() LIMIT " + PURGE_CHUNK + "))");
            total += deleted;
        } while (deleted == PURGE_CHUNK);
        return total;
    }

    private record Row(IdempotencyClaim claim, String type, byte[] answer) {
    }

    /** One statement for the rows; a key whose row is not expired (taken meanwhile) fails it as a conflict. */
    private void write(List<Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Row> batch = new ArrayList<>(rows);
        rows.clear();
        StringBuilder sql = new StringBuilder("INSERT INTO " + TABLE
                + " (scope, idem_key, input_hash, result_type, answer, created_at, expires_at) VALUES ");
        List<Object> args = new ArrayList<>(batch.size() * 6);
        for (int i = 0; i < batch.size(); i++) {
            Row row = batch.get(i);
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, now(), now() + make_interval(secs => ?))");
            args.add(row.claim().scope());
            args.add(row.claim().key());
            args.add(row.claim().inputHash());
            args.add(row.type());
            args.add(row.answer());
            args.add((double) retention.toMillis() / 1000.0);
        }
        sql.append(" ON CONFLICT (scope, idem_key) DO UPDATE SET input_hash = EXCLUDED.input_hash, "
                + "result_type = EXCLUDED.result_type, answer = EXCLUDED.answer, created_at = EXCLUDED.created_at, "
                + "expires_at = EXCLUDED.expires_at WHERE " + TABLE + ".expires_at <= now()");
        int written = jdbc.update(sql.toString(), args.toArray());
        if (written != batch.size()) {
            throw new DuplicateKeyException("an idempotency key was taken by another transaction meanwhile");
        }
    }

    /** The keys the current transaction claimed (null outside a transaction). */
    @SuppressWarnings("unchecked")
    private Set<String> claimedInTransaction() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Set<String> claimed = (Set<String>) TransactionSynchronizationManager.getResource(claimedKey);
        if (claimed == null) {
            Set<String> created = new HashSet<>();
            TransactionSynchronizationManager.bindResource(claimedKey, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(claimedKey);
                }
            });
            claimed = created;
        }
        return claimed;
    }

    private byte[] seal(Object answer) {
        if (answer == null) {
            return null;
        }
        if (!storable(answer.getClass().getName())) {
            throw new IllegalStateException("the answer of a command with an idempotency key must be a message of the "
                    + "contract module (io.mdg.api) or a plain value, not " + answer.getClass().getName());
        }
        try {
            return cipher.encrypt(json.writeValueAsBytes(answer));
        } catch (IOException e) {
            throw new IllegalStateException("the answer " + answer.getClass().getName() + " cannot be stored", e);
        }
    }

    private Object open(String type, byte[] sealed) {
        if (type == null) {
            return null;
        }
        if (!storable(type)) {
            throw new IllegalStateException("a stored answer of type " + type + " is not read");
        }
        try {
            return json.readValue(cipher.decrypt(sealed), Class.forName(type));
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("a stored answer of type " + type + " cannot be read", e);
        }
    }

    /** Only the contract module's messages and plain values are stored and read back (never an arbitrary class). */
    private static boolean storable(String type) {
        return type.startsWith("io.mdg.api.") || type.equals(String.class.getName())
                || type.equals(Boolean.class.getName()) || type.equals(Long.class.getName())
                || type.equals(Integer.class.getName());
    }
}
