package io.mdg.api.record;

import java.util.List;

import io.mdg.api.Actor;
import io.mdg.api.model.ApprovedPrice;

/**
 * A contract's price baseline was set: the prices that later price changes are judged against (the threshold of the
 * rules file). Set when the contract is created with its lines, and when a change request on its lines is approved;
 * nothing else moves it. {@code changeRequestId} is null on creation.
 */
public record ContractPriceBaselineSetEvent(String recordId, List<ApprovedPrice> prices, String changeRequestId,
                                            Actor actor) {

    public ContractPriceBaselineSetEvent {
        prices = prices == null ? List.of() : List.copyOf(prices);
    }
}
