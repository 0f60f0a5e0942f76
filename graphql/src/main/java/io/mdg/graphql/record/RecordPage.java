package io.mdg.graphql.record;

import java.util.List;

/** The GraphQL types {@code SupplierPage}, {@code ItemPage}, ...: a page of records and where the next starts. */
public record RecordPage<T extends MasterRecordNode>(List<T> records, String nextAfter) {
}
