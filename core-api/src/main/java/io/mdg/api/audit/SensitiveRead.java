package io.mdg.api.audit;

import java.time.Instant;

import io.mdg.api.Actor;
import io.mdg.api.EntityType;

/**
 * One read of a sensitive value: a caller was shown a bank account in full.
 *
 * @param id            its place in the log (0 until logged), newer reads have higher ids
 * @param at            when
 * @param reader        who: the person or client
 * @param recordType    the record's type
 * @param recordId      the record
 * @param field         through what: {@code bankAccount} (the record's field), {@code changeRequest.bankAccount},
 *                      {@code auditTrail.bankAccount} (an audit-trail, history or CSV export entry)
 * @param correlationId the request's correlation id
 */
public record SensitiveRead(long id, Instant at, Actor reader, EntityType recordType, String recordId, String field,
                            String correlationId) {
}
