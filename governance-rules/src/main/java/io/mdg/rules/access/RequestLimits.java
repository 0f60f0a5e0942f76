package io.mdg.rules.access;

/**
 * How much one API call may ask for (the rules file's {@code limits:} section): larger asks are refused with a
 * validation error that names the limit.
 *
 * @param batchEntries the most entries of one {@code submitBatch}
 * @param pageSize     the most golden records, change requests, duplicate candidates or audit-trail entries in one
 *                     page
 */
public record RequestLimits(int batchEntries, int pageSize) {

    public RequestLimits {
        if (batchEntries < 1 || pageSize < 1) {
            throw new IllegalArgumentException("limits must be at least 1, not batchEntries " + batchEntries
                    + ", pageSize " + pageSize);
        }
    }
}
