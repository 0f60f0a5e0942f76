package io.mdg.query.record;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.concurrent.ConcurrentHashMap;

import io.mdg.api.record.AttributeLineage;

/**
 * The lineage of a record's attributes as the memory read model keeps it: the attribute names (one shared array per
 * set of names), and each distinct origin (source system and record, time, change request, rules) once, not once per
 * attribute; a new record has one origin for all its attributes. An element is built when it is read (one small
 * object; the first attribute of each origin is kept as it is). Immutable; equal to any list of the same lineage.
 */
final class CompactLineage extends AbstractList<AttributeLineage> implements RandomAccess {

    /** Sets of attribute names shared between records; bounded, past that a record keeps its own array. */
    private static final int MAX_NAME_SETS = 4_096;
    private static final Map<List<String>, String[]> NAME_SETS = new ConcurrentHashMap<>();

    private final String[] attributes;
    /** The one origin ({@link AttributeLineage}) or the distinct origins ({@code AttributeLineage[]}). */
    private final Object origins;
    /** Per attribute the index of its origin; null with one origin. */
    private final byte[] originOf;

    private CompactLineage(String[] attributes, Object origins, byte[] originOf) {
        this.attributes = attributes;
        this.origins = origins;
        this.originOf = originOf;
    }

    /**
     * The lineage compacted, each origin's values made canonical by {@code values}; a list too varied to compact
     * (more than 127 origins) is copied as it is.
     */
    static List<AttributeLineage> of(List<AttributeLineage> lineage, CanonicalValues values) {
        if (lineage instanceof CompactLineage compact) {
            return compact;
        }
        int size = lineage.size();
        if (size == 0) {
            return List.of();
        }
        String[] names = new String[size];
        List<AttributeLineage> distinct = new ArrayList<>(2);
        List<Integer> first = new ArrayList<>(2);
        byte[] originOf = new byte[size];
        for (int i = 0; i < size; i++) {
            AttributeLineage entry = lineage.get(i);
            names[i] = entry.attribute();
            int origin = indexOf(distinct, entry);
            if (origin < 0) {
                if (distinct.size() == Byte.MAX_VALUE) {
                    return List.copyOf(lineage);
                }
                origin = distinct.size();
                distinct.add(entry);
                first.add(i);
            }
            originOf[i] = (byte) origin;
        }
        String[] shared = names(names);
        AttributeLineage[] origins = new AttributeLineage[distinct.size()];
        for (int o = 0; o < origins.length; o++) {
            AttributeLineage entry = distinct.get(o);
            origins[o] = new AttributeLineage(shared[first.get(o)], entry.system(), values.canonical(entry.sourceId()),
                    values.canonical(entry.at()), values.canonical(entry.changeRequestId()),
                    values.canonical(entry.rulesVersion()), values.canonical(entry.rulesHash()));
        }
        return origins.length == 1 ? new CompactLineage(shared, origins[0], null)
                : new CompactLineage(shared, origins, originOf);
    }

    @Override
    public AttributeLineage get(int index) {
        Objects.checkIndex(index, attributes.length);
        AttributeLineage origin = originOf == null ? (AttributeLineage) origins
                : ((AttributeLineage[]) origins)[originOf[index]];
        String attribute = attributes[index];
        return origin.attribute() == attribute ? origin : new AttributeLineage(attribute, origin.system(),
                origin.sourceId(), origin.at(), origin.changeRequestId(), origin.rulesVersion(), origin.rulesHash());
    }

    @Override
    public int size() {
        return attributes.length;
    }

    private static int indexOf(List<AttributeLineage> origins, AttributeLineage entry) {
        for (int i = 0; i < origins.size(); i++) {
            AttributeLineage origin = origins.get(i);
            if (origin.system() == entry.system() && Objects.equals(origin.sourceId(), entry.sourceId())
                    && Objects.equals(origin.at(), entry.at())
                    && Objects.equals(origin.changeRequestId(), entry.changeRequestId())
                    && Objects.equals(origin.rulesVersion(), entry.rulesVersion())
                    && Objects.equals(origin.rulesHash(), entry.rulesHash())) {
                return i;
            }
        }
        return -1;
    }

    private static String[] names(String[] names) {
        List<String> key = Arrays.asList(names);
        String[] shared = NAME_SETS.get(key);
        if (shared != null) {
            return shared;
        }
        if (NAME_SETS.size() >= MAX_NAME_SETS) {
            return names;
        }
        String[] canonical = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            canonical[i] = names[i].intern();
        }
        shared = NAME_SETS.putIfAbsent(List.of(canonical), canonical);
        return shared == null ? canonical : shared;
    }
}
