package io.mdg.api.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The position of an entry in the trail's order, as an opaque Relay cursor: the entry's time (milliseconds), the
 * position of its event in the event store (the tracking position; 0 when unknown), the event's order of
 * publication ({@link #ORDER_META_DATA}; 0 when it has none) and the entry id. The order is total and never changes
 * for stored entries, so a cursor stays valid across pages and rebuilds of the read model (a rebuild keeps event
 * ids, times, positions and metadata).
 * <p>
 * Why the order of publication: the events of one command are appended in one transaction, but a tracking position
 * is not always the event's own index. An event committed after a later index was read (a gap filled late) carries
 * the position of the highest index seen, so all events of such a transaction share one position, and within the
 * same millisecond only the order of publication keeps them as they happened.
 */
public record AuditCursor(Instant at, long position, long order, String entryId) {

    /**
     * The event metadata key of the order of publication: a number that increases with every event the publishing
     * process publishes, in the order its units of work publish them.
     */
    public static final String ORDER_META_DATA = "publicationOrder";

    public AuditCursor {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(entryId, "entryId");
    }

    public String encode() {
        String raw = at.toEpochMilli() + ":" + position + ":" + order + ":" + entryId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor from its text; IllegalArgumentException when it is not one this service made. */
    public static AuditCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 4);
            if (parts.length != 4 || parts[3].isEmpty()) {
                throw new IllegalArgumentException("not an audit-trail cursor");
            }
            return new AuditCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), Long.parseLong(parts[1]),
                    Long.parseLong(parts[2]), parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an audit-trail cursor: " + cursor, e);
        }
    }
}
