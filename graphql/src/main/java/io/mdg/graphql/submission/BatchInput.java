package io.mdg.graphql.submission;

import java.util.ArrayList;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.model.RecordType;

/** The GraphQL input {@code BatchInput}. */
public record BatchInput(List<SupplierSubmissionInput> suppliers, List<ItemSubmissionInput> items,
                         List<ContractSubmissionInput> contracts, List<LocationSubmissionInput> locations) {

    /** Every entry with its position in its own list, in the order suppliers, items, contracts, locations. */
    List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        add(entries, EntityType.SUPPLIER, suppliers);
        add(entries, EntityType.ITEM, items);
        add(entries, EntityType.CONTRACT, contracts);
        add(entries, EntityType.LOCATION, locations);
        return entries;
    }

    private static void add(List<Entry> entries, EntityType type, List<? extends SubmissionInput> inputs) {
        String list = RecordType.of(type).plural();
        if (inputs != null) {
            for (int i = 0; i < inputs.size(); i++) {
                entries.add(new Entry(list, i, inputs.get(i)));
            }
        }
    }

    record Entry(String list, int index, SubmissionInput input) {
        String path() {
            return list + "[" + index + "]";
        }
    }
}
