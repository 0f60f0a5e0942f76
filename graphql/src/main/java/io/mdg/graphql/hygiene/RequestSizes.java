package io.mdg.graphql.hygiene;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.rules.InForce;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;
import io.mdg.rules.access.RequestLimits;

/**
 * How much one call may ask for, by the rules file's request limits ({@code limits.pageSize},
 * {@code limits.batchEntries}): a larger ask is refused with a validation error that names the limit.
 */
@Component
@Profile("edge")
public class RequestSizes {

    /** The page size when a call asks for none. */
    public static final int DEFAULT_PAGE = 50;

    private final InForce<RequestLimits> limits;

    public RequestSizes(InForce<RequestLimits> limits) {
        this.limits = limits;
    }

    /** The largest page a call may ask for. */
    public int maxPage() {
        return limits.now().pageSize();
    }

    /** A page size from a {@code first} argument ({@link #DEFAULT_PAGE} when none): 1 to the page limit. */
    public int pageSize(Integer first) {
        int size = first == null ? DEFAULT_PAGE : first;
        int max = limits.now().pageSize();
        if (size < 1 || size > max) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED, "first must be between 1 and " + max);
        }
        return size;
    }

    /** Refuses a batch of more entries than the batch limit. */
    public void checkBatch(int entries) {
        int max = limits.now().batchEntries();
        if (entries > max) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "a batch holds at most " + max + " entries; this one has " + entries);
        }
    }
}
