package io.mdg.graphql.security;

import java.time.Instant;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import io.mdg.api.EntityType;
import io.mdg.api.audit.SensitiveRead;
import io.mdg.api.audit.SensitiveReadLog;
import io.mdg.graphql.correlation.Correlation;

/**
 * Reports to the {@link SensitiveReadLog} each time the edge shows a caller a bank account in full: who, when, which
 * record, through which field, with the request's correlation id. Masked values are not reported: nothing sensitive
 * was shown.
 */
@Component
@Profile("edge")
public class SensitiveReads {

    private final SensitiveReadLog log;

    public SensitiveReads(SensitiveReadLog log) {
        this.log = log;
    }

    /** The caller was shown the field of the record in full. */
    public void shown(Caller caller, EntityType type, String recordId, String field) {
        if (caller != null && recordId != null) {
            log.shown(new SensitiveRead(0, Instant.now(), caller.actor(), type, recordId, field,
                    Correlation.find().orElse(null)));
        }
    }
}
