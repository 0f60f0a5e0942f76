package io.mdg.api.record;

import java.util.Objects;

import io.mdg.api.Actor;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.MasterAttributes;

/**
 * Internal: an approved change of item {@code itemId} (now {@code itemStatus}, {@code item}) may have moved this
 * contract's prices per base unit beyond the threshold of its baseline; the contract re-checks its lines and, if so,
 * holds them for approval in change request {@code changeRequestId}. Answers the reason (null: nothing held).
 */
public record RecheckContractPricesCommand(String recordId, String itemId, LifecycleStatus itemStatus,
                                           MasterAttributes item, Actor actor, String changeRequestId)
        implements RecordCommand {

    public RecheckContractPricesCommand {
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(changeRequestId, "changeRequestId");
    }
}
