package io.mdg.query.store;

import java.util.Set;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Tells a failure of the read store's infrastructure (unreachable, timed out, failing over: it passes when the store
 * is back) from a failure of the event's handling (the same event would fail again).
 */
public final class ReadStoreFailures {

    private static final Set<String> LABELS = Set.of(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL,
            MongoException.UNKNOWN_TRANSACTION_COMMIT_RESULT_LABEL, "RetryableWriteError");

    private ReadStoreFailures() {
    }

    /** Whether the failure (or one of its causes) is the store being unreachable, timing out or failing over. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoSocketException || t instanceof MongoTimeoutException
                    || t instanceof MongoInterruptedException || t instanceof MongoConnectionPoolClearedException
                    || t instanceof MongoServerUnavailableException || t instanceof MongoNotPrimaryException
                    || t instanceof MongoNodeIsRecoveringException) {
                return true;
            }
            if (t instanceof MongoException mongo && mongo.getErrorLabels().stream().anyMatch(LABELS::contains)) {
                return true;
            }
        }
        return false;
    }
}
