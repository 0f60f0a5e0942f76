package io.mdg.api.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * The position of an entry in the trail's order, as an opaque Relay cursor: the entry's time (milliseconds), the
 * position of its event in the event store (global index; 0 when unknown) and the entry id. The order is total and
 * never changes for stored entries, so a cursor stays valid across pages and rebuilds of the read model (a rebuild
 * keeps event ids, times and positions).
 */
public record AuditCursor(Instant at, long position, String entryId) {

    public AuditCursor {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(entryId, "entryId");
    }

    public String encode() {
        String raw = at.toEpochMilli() + ":" + position + ":" + entryId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor from its text; IllegalArgumentException when it is not one this service made. */
    public static AuditCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", 3);
            if (parts.length != 3 || parts[2].isEmpty()) {
                throw new IllegalArgumentException("not an audit-trail cursor");
            }
            return new AuditCursor(Instant.ofEpochMilli(Long.parseLong(parts[0])), Long.parseLong(parts[1]), parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an audit-trail cursor: " + cursor, e);
        }
    }
}
