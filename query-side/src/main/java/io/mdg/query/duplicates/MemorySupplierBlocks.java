package io.mdg.query.duplicates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The blocks of duplicate detection in memory, kept compact because there are several per supplier and most (one
 * per identifier) hold a single supplier. A block is found by a 64-bit hash of its key, not by the key (the key
 * strings would take more room than everything else): two keys with the same hash would share one block, which
 * with n blocks happens with a probability of about n²/2^65 (5 million blocks: 7 in 10 million) and would only make
 * their suppliers candidates for each other, to be scored as any candidate is. Its members are the supplier's id
 * (the string the golden record holds), an array of ids, or {@link #FULL}.
 *
 * <p>The hashes and members are held in open-addressing tables (a {@code long} and a reference per slot, no object
 * per block) in 64 segments, each changed and read under its own lock: a block's change is atomic.
 */
public class MemorySupplierBlocks implements SupplierBlocks {

    private static final Object FULL = new Object();
    private static final int SEGMENT_BITS = 6;

    private final Segment[] segments = new Segment[1 << SEGMENT_BITS];

    public MemorySupplierBlocks() {
        for (int i = 0; i < segments.length; i++) {
            segments[i] = new Segment();
        }
    }

    @Override
    public void add(String key, String supplierId, int maxSize) {
        long hash = hash(key);
        segment(hash).compute(hash, members -> {
            if (members == null) {
                return maxSize < 1 ? FULL : supplierId;
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
            if (ids.length + 1 > maxSize) {
                return FULL;
            }
            String[] more = Arrays.copyOf(ids, ids.length + 1);
            more[ids.length] = supplierId;
            return more;
        });
    }

    @Override
    public void remove(String key, String supplierId) {
        long hash = hash(key);
        segment(hash).compute(hash, members -> {
            if (members == null || members == FULL) {
                return members;
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
    public List<Block> blocks(Collection<String> keys) {
        List<Block> found = new ArrayList<>();
        for (String key : keys) {
            long hash = hash(key);
            Object members = segment(hash).get(hash);
            if (members != null) {
                found.add(block(members));
            }
        }
        return found;
    }

    @Override
    public void forEach(Consumer<Block> action) {
        for (Segment segment : segments) {
            segment.values().forEach(members -> action.accept(block(members)));
        }
    }

    @Override
    public void dropAll() {
        for (Segment segment : segments) {
            segment.clear();
        }
    }

    private Segment segment(long hash) {
        return segments[(int) (hash >>> (Long.SIZE - SEGMENT_BITS))];
    }

    private static Block block(Object members) {
        return members == FULL ? new Block(List.of(), true) : new Block(List.of(ids(members)), false);
    }

    private static String[] ids(Object members) {
        return members instanceof String one ? new String[]{one} : (String[]) members;
    }

    /** A 64-bit hash of the key (FNV-1a over its characters, then MurmurHash3's finaliser); never 0. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** An open-addressing table (linear probing, 0 marks a free slot) from hash to members. */
    private static final class Segment {
        private long[] hashes = new long[16];
        private Object[] members = new Object[16];
        private int size;

        synchronized Object get(long hash) {
            int slot = find(hash);
            return hashes[slot] == 0 ? null : members[slot];
        }

        /** Replaces the members of the block ({@code null} when there is none) by the function's answer. */
        synchronized void compute(long hash, UnaryOperator<Object> change) {
            int slot = find(hash);
            boolean present = hashes[slot] != 0;
            Object now = change.apply(present ? members[slot] : null);
            if (now == null) {
                if (present) {
                    removeAt(slot);
                }
            } else if (present) {
                members[slot] = now;
            } else {
                hashes[slot] = hash;
                members[slot] = now;
                if (++size > hashes.length * 3 / 4) {
                    grow();
                }
            }
        }

        synchronized List<Object> values() {
            List<Object> values = new ArrayList<>(size);
            for (int i = 0; i < hashes.length; i++) {
                if (hashes[i] != 0) {
                    values.add(members[i]);
                }
            }
            return values;
        }

        synchronized void clear() {
            hashes = new long[16];
            members = new Object[16];
            size = 0;
        }

        /** The slot of the hash, or the free slot where it would go. */
        private int find(long hash) {
            int mask = hashes.length - 1;
            int slot = (int) hash & mask;
            while (hashes[slot] != 0 && hashes[slot] != hash) {
                slot = (slot + 1) & mask;
            }
            return slot;
        }

        /** Frees a slot, moving back the entries after it that would no longer be found (no tombstones). */
        private void removeAt(int free) {
            int mask = hashes.length - 1;
            int next = free;
            while (true) {
                next = (next + 1) & mask;
                if (hashes[next] == 0) {
                    break;
                }
                int home = (int) hashes[next] & mask;
                boolean reachable = free <= next ? free < home && home <= next : free < home || home <= next;
                if (!reachable) {
                    hashes[free] = hashes[next];
                    members[free] = members[next];
                    free = next;
                }
            }
            hashes[free] = 0;
            members[free] = null;
            size--;
        }

        private void grow() {
            long[] oldHashes = hashes;
            Object[] oldMembers = members;
            hashes = new long[oldHashes.length * 2];
            members = new Object[oldHashes.length * 2];
            for (int i = 0; i < oldHashes.length; i++) {
                if (oldHashes[i] != 0) {
                    int slot = find(oldHashes[i]);
                    hashes[slot] = oldHashes[i];
                    members[slot] = oldMembers[i];
                }
            }
        }
    }
}
