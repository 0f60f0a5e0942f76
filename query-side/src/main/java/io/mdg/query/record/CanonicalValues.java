package io.mdg.query.record;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.mdg.api.model.MasterAttributes;

/**
 * Canonical copies of the immutable values a memory read model keeps, so that equal values are held once: every
 * string, date, time, number and small value record (an address, a bank account, a reference) goes through a cache
 * of the values seen last, and an equal value found there is used instead; records are rebuilt with canonical
 * components, lists copied into immutable lists without slack. Equal in every way to what went in (only the
 * instances differ), so readers see nothing of it.
 *
 * <p>The cache is direct-mapped: a fixed array indexed by the value's hash, a new value replacing the one in its
 * slot. Values that recur (countries, cities, postal codes, currencies, a bank's name, the legal name repeated as
 * the account holder, the same address as ordering and remit-to address) are nearly always found; unique ones only
 * pass through. Its size is fixed, it needs no lock (a slot holds an immutable value or null, a lost race only
 * misses a sharing), and it keeps nothing alive beyond its slots.
 */
final class CanonicalValues {

    /** Strings longer than this are kept as they are (rarely repeated; not worth holding in a slot). */
    private static final int MAX_STRING = 256;

    private final Object[] slots;
    /** The hash of the value in each slot: most misses are told without reading the value. */
    private final int[] hashes;
    private final int mask;

    /** A cache of {@code 2^bits} slots. */
    CanonicalValues(int bits) {
        if (bits < 4 || bits > 24) {
            throw new IllegalArgumentException("cache of 2^" + bits + " slots: between 2^4 and 2^24");
        }
        this.slots = new Object[1 << bits];
        this.hashes = new int[1 << bits];
        this.mask = slots.length - 1;
    }

    /** The canonical instance of a string (itself when none equal to it is known). */
    String canonical(String value) {
        return value == null || value.length() > MAX_STRING ? value : shared(value);
    }

    Instant canonical(Instant value) {
        return value == null ? null : shared(value);
    }

    /** Attributes with canonical values (see {@link #components}). */
    MasterAttributes attributes(MasterAttributes attributes) {
        return attributes == null ? null : (MasterAttributes) components((Record) attributes);
    }

    /**
     * A record with canonical components; not itself shared (a golden record's attributes are one of a kind). The
     * record's canonical constructor runs again on the same values, so it must accept what it produced.
     */
    <R extends Record> R components(R record) {
        if (record == null) {
            return null;
        }
        Shape shape = SHAPES.get(record.getClass());
        Object[] values = new Object[shape.accessors.length];
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            Object value = shape.get(record, i);
            values[i] = value(value);
            changed |= values[i] != value;
        }
        @SuppressWarnings("unchecked")
        R canonical = changed ? (R) shape.create(values) : record;
        return canonical;
    }

    /** An immutable copy without slack, with canonical elements (the list itself when it is one already). */
    <E> List<E> list(List<E> list) {
        if (list == null) {
            return null;
        }
        int size = list.size();
        if (size == 0) {
            return List.of();
        }
        Object[] elements = new Object[size];
        boolean changed = !IMMUTABLE_LISTS.contains(list.getClass());
        boolean nulls = false;
        for (int i = 0; i < size; i++) {
            Object element = list.get(i);
            elements[i] = value(element);
            changed |= elements[i] != element;
            nulls |= element == null;
        }
        if (!changed) {
            return list;
        }
        @SuppressWarnings("unchecked")
        List<E> copy = (List<E>) (nulls ? Collections.unmodifiableList(Arrays.asList(elements)) : List.of(elements));
        return copy;
    }

    private Object value(Object value) {
        if (value == null || value instanceof Enum<?> || value instanceof Boolean) {
            return value;
        }
        if (value instanceof String string) {
            return canonical(string);
        }
        if (value instanceof List<?> list) {
            return list(list);
        }
        if (value instanceof Record record) {
            return shared(components(record));
        }
        if (value instanceof BigDecimal || value instanceof LocalDate || value instanceof Instant
                || value instanceof Integer || value instanceof Long) {
            return shared(value);
        }
        return value;
    }

    private <T> T shared(T value) {
        int hash = value.hashCode();
        int slot = (hash ^ (hash >>> 16)) * 0x9E3779B1 >>> 8 & mask;
        if (hashes[slot] == hash) {
            Object known = slots[slot];
            if (known != null && known.getClass() == value.getClass() && known.equals(value)) {
                @SuppressWarnings("unchecked")
                T canonical = (T) known;
                return canonical;
            }
        }
        slots[slot] = value;
        hashes[slot] = hash;
        return value;
    }

    private static final List<Class<?>> IMMUTABLE_LISTS = List.of(List.of(1).getClass(), List.of(1, 2, 3).getClass());

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            return new Shape(type);
        }
    };

    /** How to read and rebuild a record class. */
    private static final class Shape {
        private final Method[] accessors;
        private final Constructor<?> constructor;

        Shape(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            accessors = new Method[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
                accessors[i].setAccessible(true);
                types[i] = components[i].getType();
            }
            try {
                constructor = type.getDeclaredConstructor(types);
                constructor.setAccessible(true);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }

        Object get(Object record, int i) {
            try {
                return accessors[i].invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + accessors[i], e);
            }
        }

        Object create(Object[] values) {
            try {
                return constructor.newInstance(values);
            } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot rebuild " + constructor.getDeclaringClass(), e);
            }
        }
    }
}
