package io.mdg.api.quality;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.mdg.api.EntityType;

/**
 * Change requests awaiting a decision (status PENDING).
 *
 * @param total    pending requests
 * @param oldest   when the oldest one was opened (null when there are none)
 * @param byAge    per age bucket, youngest first (every bucket, also empty ones)
 * @param byDomain per record type (every type, also empty ones)
 */
public record PendingApprovals(long total, Instant oldest, List<AgeBucketCount> byAge, List<DomainCount> byDomain) {

    /** Age of a pending request since it was opened. */
    public enum AgeBucket {
        /** Less than a day. */
        LESS_THAN_1_DAY,
        /** One to three days. */
        DAYS_1_TO_3,
        /** Three to five days. */
        DAYS_3_TO_5,
        /** More than five days (past the default deadline). */
        MORE_THAN_5_DAYS;

        /** The bucket of a request this old: [0, 1 d), [1 d, 3 d), [3 d, 5 d], more than 5 d. */
        public static AgeBucket of(Duration age) {
            if (age.compareTo(Duration.ofDays(1)) < 0) {
                return LESS_THAN_1_DAY;
            }
            if (age.compareTo(Duration.ofDays(3)) < 0) {
                return DAYS_1_TO_3;
            }
            if (age.compareTo(Duration.ofDays(5)) <= 0) {
                return DAYS_3_TO_5;
            }
            return MORE_THAN_5_DAYS;
        }
    }

    public record AgeBucketCount(AgeBucket age, long count) {
    }

    public record DomainCount(EntityType domain, long count) {
    }
}
