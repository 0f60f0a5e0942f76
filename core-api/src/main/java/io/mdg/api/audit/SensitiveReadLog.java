package io.mdg.api.audit;

/**
 * Where the edge reports each read of a sensitive value, as it happens (a port: kept by the query side in the
 * service's PostgreSQL, in every process, since every process has that database). Never blocks a read for long;
 * read back with {@link SensitiveReadsQuery}.
 */
public interface SensitiveReadLog {

    /** Logs the read (its {@code id} is ignored). */
    void shown(SensitiveRead read);
}
