package io.mdg.graphql.submission;

import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.model.MasterAttributes;
import io.mdg.api.submission.FieldError;

/**
 * A source record as a source system sends it, through GraphQL or a file import (the same shape): the source's id
 * and version of the record and the attributes it sends (null: not sent). References to other golden records are
 * {@code RefInput}s, bound to {@link io.mdg.api.model.Ref} directly.
 */
public sealed interface SubmissionInput
        permits SupplierSubmissionInput, ItemSubmissionInput, ContractSubmissionInput, LocationSubmissionInput {

    String sourceId();

    Long sourceVersion();

    /**
     * The caller's idempotency key of this submission (a batch entry's or an import row's; a single mutation may send
     * it in the {@code Idempotency-Key} header instead); null: none.
     */
    String idempotencyKey();

    EntityType type();

    /** The attributes to send, mapped one to one. */
    MasterAttributes attributes();

    /** Shape errors of the input (references, null list entries); empty when it may be sent. */
    List<FieldError> inputErrors();

    /** The input class of a record type. */
    static Class<? extends SubmissionInput> inputClass(EntityType type) {
        return switch (type) {
            case SUPPLIER -> SupplierSubmissionInput.class;
            case ITEM -> ItemSubmissionInput.class;
            case CONTRACT -> ContractSubmissionInput.class;
            case LOCATION -> LocationSubmissionInput.class;
        };
    }
}
