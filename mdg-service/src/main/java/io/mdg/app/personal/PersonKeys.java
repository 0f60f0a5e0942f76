package io.mdg.app.personal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import io.mdg.api.model.Contact;
import io.mdg.app.crypto.FieldEncryption;
import io.mdg.command.personal.PersonIds;
import io.mdg.query.crypto.PersonalDataCipher;

/**
 * The contact persons' keys, one AES-256 key per person, kept in the service's PostgreSQL and never in events:
 * <pre>
 * mdg_person_keys: person_id (p-&lt;uuid&gt;), record_id (the supplier), match_hash (SHA-256 of supplier and the
 *                  normalised e-mail, or name without one; null once erased), wrapped_key (the key sealed by the event
 *                  key ring, MDG_EVENT_KEYS; null once erased), created_at, erased_at
 * </pre>
 * Erasing a person sets its key and match hash to null: every value sealed under the key ({@code pii:v1:...}, in the
 * events, the record history and the snapshots) can no longer be opened, and the same person sent again is matched
 * to no one, so it becomes a new person with a new key.
 *
 * <p>Keys are cached per process for {@link #CACHE_FOR} (an erasure on another node is seen here within that time;
 * on this node at once). A new key is created in its own transaction, committed before the command that uses it
 * (a command that then fails leaves an unused key, which the same person's next contact reuses).
 */
public final class PersonKeys implements PersonIds, PersonalDataCipher {

    static final String TABLE = "mdg_person_keys";
    static final Duration CACHE_FOR = Duration.ofSeconds(30);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final FieldEncryption ring;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * A person's key as last read (null: erased, or unknown), its supplier, until when it may be used without reading,
     * and whether the person is in the table at all.
     */
    private record Cached(SecretKey key, String recordId, Instant until, boolean known) {
    }

    public PersonKeys(DataSource dataSource, FieldEncryption ring, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.ring = ring;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (person_id text COLLATE \"C\" PRIMARY KEY, "
                + "record_id text COLLATE \"C\" NOT NULL, match_hash text, wrapped_key bytea, "
                + "created_at timestamptz NOT NULL, erased_at timestamptz)");
        jdbc.execute("CREATE UNIQUE INDEX IF NOT EXISTS " + TABLE + "_match ON " + TABLE
                + " (record_id, match_hash) WHERE erased_at IS NULL");
    }

    // ------------------------------------------------------------------------------------------- person ids

    @Override
    public String personId(String recordId, Contact contact) {
        if (contact.personId() != null && belongsTo(contact.personId(), recordId)) {
            return contact.personId();
        }
        String hash = matchHash(recordId, contact);
        if (hash != null) {
            Optional<String> known = known(recordId, hash);
            if (known.isPresent()) {
                return known.get();
            }
        }
        String personId = "p-" + UUID.randomUUID();
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] wrapped = ring.encrypt(key);
        Integer inserted = ownTransaction.execute(tx -> jdbc.update("INSERT INTO " + TABLE
                + " (person_id, record_id, match_hash, wrapped_key, created_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (record_id, match_hash) WHERE erased_at IS NULL DO NOTHING",
                personId, recordId, hash, wrapped, Timestamp.from(clock.instant())));
        if (inserted == null || inserted == 0) {
            // a concurrent submission made the same person first
            return known(recordId, hash).orElseThrow(() -> new IllegalStateException(
                    "a person key of supplier " + recordId + " was neither made nor found"));
        }
        cache.put(personId, new Cached(new SecretKeySpec(key, "AES"), recordId,
                clock.instant().plus(CACHE_FOR), true));
        return personId;
    }

    private Optional<String> known(String recordId, String hash) {
        List<String> ids = jdbc.queryForList("SELECT person_id FROM " + TABLE
                + " WHERE record_id = ? AND match_hash = ? AND erased_at IS NULL", String.class, recordId, hash);
        return ids.stream().findFirst();
    }

    @Override
    public boolean belongsTo(String personId, String recordId) {
        Cached cached = cached(personId);
        return cached.key() != null && recordId.equals(cached.recordId());
    }

    /** The people of a supplier whose data are not erased. */
    public List<String> people(String recordId) {
        return jdbc.queryForList("SELECT person_id FROM " + TABLE + " WHERE record_id = ? AND erased_at IS NULL"
                + " ORDER BY created_at, person_id", String.class, recordId);
    }

    /** Destroys the person's key (idempotent); answers whether it had one. */
    public boolean erase(String personId) {
        int erased = jdbc.update("UPDATE " + TABLE + " SET wrapped_key = NULL, match_hash = NULL, erased_at = ? "
                + "WHERE person_id = ? AND erased_at IS NULL", Timestamp.from(clock.instant()), personId);
        if (erased > 0) {
            // at once on this node (read again from the table after a while: should the erasure roll back)
            cache.put(personId, new Cached(null, null, clock.instant().plus(CACHE_FOR), true));
        } else {
            cache.remove(personId);
        }
        return erased > 0;
    }

    /**
     * The person's match: supplier and normalised e-mail (lower case, trimmed) or, without one, normalised name
     * (lower case, single spaces); null when the contact has neither (then it is a new person each time).
     */
    static String matchHash(String recordId, Contact contact) {
        String match;
        if (contact.email() != null && !contact.email().isBlank()) {
            match = "email:" + contact.email().strip().toLowerCase(Locale.ROOT);
        } else if (contact.name() != null && !contact.name().isBlank()) {
            match = "name:" + contact.name().strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
        } else {
            return null;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((recordId + "\n" + match).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cached cached(String personId) {
        Cached cached = cache.get(personId);
        if (cached != null && cached.until().isAfter(clock.instant())) {
            return cached;
        }
        List<Cached> rows = jdbc.query("SELECT record_id, wrapped_key FROM " + TABLE + " WHERE person_id = ?",
                (rs, n) -> {
                    byte[] wrapped = rs.getBytes("wrapped_key");
                    return new Cached(wrapped == null ? null : new SecretKeySpec(ring.decrypt(wrapped), "AES"),
                            rs.getString("record_id"), wrapped == null ? Instant.MAX : clock.instant().plus(CACHE_FOR),
                            true);
                }, personId);
        Cached read = rows.isEmpty() ? new Cached(null, null, clock.instant().plus(CACHE_FOR), false) : rows.get(0);
        if (cache.size() > 100_000) {
            cache.clear();
        }
        cache.put(personId, read);
        return read;
    }

    // ------------------------------------------------------------------------------------------- the cipher

    @Override
    public String seal(String personId, String plain) {
        SecretKey key = cached(personId).key();
        if (key == null) {
            throw new IllegalStateException("person " + personId + " has no key (erased, or never made): its "
                    + "personal data cannot be stored");
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(personId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + personId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt the personal data of person " + personId, e);
        }
    }

    @Override
    public Optional<String> open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("not personal data sealed under a person's key");
        }
        int colon = sealed.indexOf(':', PREFIX.length());
        if (colon < 0) {
            throw new IllegalStateException("malformed sealed personal data");
        }
        String personId = sealed.substring(PREFIX.length(), colon);
        Cached person = cached(personId);
        if (!person.known()) {
            // never silently read as erased: a process with another database than the one that made the key
            throw new IllegalStateException("no key of person " + personId + " in " + TABLE + ": every process "
                    + "that reads events must use the service's PostgreSQL where the person keys are kept");
        }
        SecretKey key = person.key();
        if (key == null) {
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getDecoder().decode(sealed.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(personId.getBytes(StandardCharsets.UTF_8));
            return Optional.of(new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("could not decrypt the personal data of person " + personId, e);
        }
    }

    @Override
    public String sealWithoutPerson(String plain) {
        return ring.encrypt(plain);
    }

    @Override
    public String openWithoutPerson(String value) {
        return ring.decrypt(value);
    }
}
