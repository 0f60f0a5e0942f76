package io.mdg.api.record;

import io.mdg.api.EntityType;
import io.mdg.api.LifecycleStatus;
import io.mdg.api.model.ItemClass;

/**
 * Conditions on items (see {@link RecordFilter}).
 *
 * @param status                 the lifecycle status
 * @param text                   a part of the description, case-insensitive
 * @param gtin                   a GTIN of any packaging level (8, 12, 13 or 14 digits)
 * @param udiDi                  the UDI device identifier
 * @param hibcCode               the HIBC primary code, with its check character
 * @param manufacturerPartNumber the manufacturer's catalogue number
 * @param itemClass              the clinical and handling class
 * @param manufacturerId         the manufacturer's golden supplier id
 */
public record ItemFilter(LifecycleStatus status, String text, String gtin, String udiDi, String hibcCode,
                         String manufacturerPartNumber, ItemClass itemClass, String manufacturerId)
        implements RecordFilter {

    @Override
    public EntityType type() {
        return EntityType.ITEM;
    }

    @Override
    public ItemFilter withStatus(LifecycleStatus status) {
        return new ItemFilter(status, text, gtin, udiDi, hibcCode, manufacturerPartNumber, itemClass,
                manufacturerId);
    }
}
