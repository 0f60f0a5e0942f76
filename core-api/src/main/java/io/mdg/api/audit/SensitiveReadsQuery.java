package io.mdg.api.audit;

import java.time.Instant;

/**
 * The log of sensitive reads, newest first: filtered by record, reader (user name or client id) and time ({@code from}
 * inclusive, {@code to} exclusive), each optional; older than the read {@code before} (its id; null: from the
 * newest); at most {@code limit}. Answers a list of {@link SensitiveRead}.
 */
public record SensitiveReadsQuery(String recordId, String reader, Instant from, Instant to, Long before, int limit) {

    public SensitiveReadsQuery {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }
}
