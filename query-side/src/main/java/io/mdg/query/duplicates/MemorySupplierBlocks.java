package io.mdg.query.duplicates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The blocks of duplicate detection in memory: a concurrent map from block key to its members, kept compact because
 * most blocks (one per identifier) hold a single supplier: the member itself (a String), an array of members, or
 * {@link #FULL}. Changed atomically per key.
 */
public class MemorySupplierBlocks implements SupplierBlocks {

    private static final Object FULL = new Object();

    private final ConcurrentHashMap<String, Object> blocks = new ConcurrentHashMap<>();

    @Override
    public void add(String key, String supplierId) {
        blocks.compute(key, (k, members) -> {
            if (members == null) {
                return supplierId;
            }
            if (members == FULL) {
                return FULL;
            }
            String[] ids = ids(members);
            for (String id : ids) {
                if (id.equals(supplierId)) {
                    return members;
                }
            }
            String[] more = Arrays.copyOf(ids, ids.length + 1);
            more[ids.length] = supplierId;
            return more;
        });
    }

    @Override
    public void remove(String key, String supplierId) {
        blocks.computeIfPresent(key, (k, members) -> {
            if (members == FULL) {
                return FULL;
            }
            String[] ids = ids(members);
            String[] rest = Arrays.stream(ids).filter(id -> !id.equals(supplierId)).toArray(String[]::new);
            if (rest.length == ids.length) {
                return members;
            }
            return rest.length == 0 ? null : rest.length == 1 ? rest[0] : rest;
        });
    }

    @Override
    public void markFull(String key) {
        blocks.put(key, FULL);
    }

    @Override
    public List<Block> blocks(Collection<String> keys) {
        List<Block> found = new ArrayList<>();
        for (String key : keys) {
            Object members = blocks.get(key);
            if (members != null) {
                found.add(block(members));
            }
        }
        return found;
    }

    @Override
    public void forEach(Consumer<Block> action) {
        blocks.values().forEach(members -> action.accept(block(members)));
    }

    @Override
    public void dropAll() {
        blocks.clear();
    }

    private static Block block(Object members) {
        return members == FULL ? new Block(List.of(), true) : new Block(List.of(ids(members)), false);
    }

    private static String[] ids(Object members) {
        return members instanceof String one ? new String[]{one} : (String[]) members;
    }
}
