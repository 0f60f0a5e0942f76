package io.mdg.api.record;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ContractType;

/**
 * Conditions on contracts (see {@link RecordFilter}).
 *
 * @param status         the lifecycle status
 * @param contractNumber the contract number
 * @param supplierId     the supplier's golden id
 * @param itemId         an item's golden id: contracts with a price line for it
 * @param contractType   GPO or local
 */
public record ContractFilter(LifecycleStatus status, String contractNumber, String supplierId, String itemId,
                             ContractType contractType) implements RecordFilter {

    @Override
    public EntityType type() {
        return EntityType.CONTRACT;
    }

    @Override
    public ContractFilter withStatus(LifecycleStatus status) {
        return new ContractFilter(status, contractNumber, supplierId, itemId, contractType);
    }
}
