package io.mdg.graphql.record;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The GraphQL type {@code ContractLine}; {@code item} is resolved from {@code itemId} in batches. */
public record ContractLineNode(String itemId, String unit, BigDecimal price, String currency, String tier,
                               LocalDate effectiveFrom, LocalDate effectiveTo) {
}
