package io.mdg.api.model;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.mdg.api.EntityType;

/**
 * Generic, attribute-by-attribute access to {@link MasterAttributes}: each record component is one attribute.
 * Pure Java (record reflection), used by the rules, the aggregates and the projections alike.
 */
public final class Attributes {

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private Attributes() {
    }

    /** The attribute record class of an entity type. */
    public static Class<? extends MasterAttributes> recordClass(EntityType type) {
        return RecordType.of(type).attributes();
    }

    /** The attribute names of an entity type, in declaration order. */
    public static List<String> names(EntityType type) {
        return shape(recordClass(type)).names;
    }

    /** An attribute record of the type with no values. */
    public static MasterAttributes empty(EntityType type) {
        return shape(recordClass(type)).create(new Object[shape(recordClass(type)).names.size()]);
    }

    /** The attributes that have a value, by name, in declaration order. */
    public static Map<String, Object> values(MasterAttributes attributes) {
        Shape shape = shape(attributes.getClass());
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < shape.components.length; i++) {
            Object value = shape.get(attributes, i);
            if (value != null) {
                values.put(shape.names.get(i), value);
            }
        }
        return values;
    }

    /** One attribute's value, or null. */
    public static Object value(MasterAttributes attributes, String name) {
        Shape shape = shape(attributes.getClass());
        int index = shape.index(name);
        return shape.get(attributes, index);
    }

    /** {@code base} with every attribute that has a value in {@code changes} replaced by it. */
    @SuppressWarnings("unchecked")
    public static <A extends MasterAttributes> A merge(A base, MasterAttributes changes) {
        requireSameType(base, changes);
        Shape shape = shape(base.getClass());
        Object[] args = new Object[shape.components.length];
        for (int i = 0; i < args.length; i++) {
            Object change = shape.get(changes, i);
            args[i] = change != null ? change : shape.get(base, i);
        }
        return (A) shape.create(args);
    }

    /** A record with only the named attributes of {@code attributes} (the others null). */
    @SuppressWarnings("unchecked")
    public static <A extends MasterAttributes> A only(A attributes, Collection<String> names) {
        Shape shape = shape(attributes.getClass());
        Object[] args = new Object[shape.components.length];
        for (String name : names) {
            int index = shape.index(name);
            args[index] = shape.get(attributes, index);
        }
        return (A) shape.create(args);
    }

    /** The names of the attributes that have a value in {@code submitted} different from that in {@code current}. */
    public static List<String> changed(MasterAttributes current, MasterAttributes submitted) {
        requireSameType(current, submitted);
        Shape shape = shape(current.getClass());
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < shape.components.length; i++) {
            Object value = shape.get(submitted, i);
            if (value != null && !Objects.equals(value, shape.get(current, i))) {
                changed.add(shape.names.get(i));
            }
        }
        return changed;
    }

    private static void requireSameType(MasterAttributes a, MasterAttributes b) {
        if (a.getClass() != b.getClass()) {
            throw new IllegalArgumentException("attributes of " + a.entityType() + " and " + b.entityType()
                    + " cannot be combined");
        }
    }

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, Shape::new);
    }

    private static final class Shape {
        final RecordComponent[] components;
        final List<String> names;
        final Constructor<?> constructor;

        Shape(Class<?> type) {
            this.components = type.getRecordComponents();
            this.names = java.util.Arrays.stream(components).map(RecordComponent::getName).toList();
            try {
                this.constructor = type.getDeclaredConstructor(
                        java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }

        int index(String name) {
            int index = names.indexOf(name);
            if (index < 0) {
                throw new IllegalArgumentException("unknown attribute: " + name);
            }
            return index;
        }

        Object get(Object record, int index) {
            try {
                return components[index].getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
        }

        MasterAttributes create(Object[] args) {
            try {
                return (MasterAttributes) constructor.newInstance(args);
            } catch (InstantiationException | IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
