package io.mdg.api.screening;

import java.util.List;

/** The last screening of each of some suppliers ({@code List<SupplierScreeningView>}; unscreened ones left out). */
public record SupplierScreeningsQuery(List<String> supplierIds) {
}
