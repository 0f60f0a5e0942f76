package io.mdg.api.model;

import io.mdg.api.EntityType;

/** Resolves a reference to a golden record of {@code targetType} (e.g. a source's own id to the golden id). */
@FunctionalInterface
public interface ReferenceResolver {

    /**
     * @param attribute  the attribute path that holds the reference, e.g. {@code manufacturer} or {@code lines[2].item}
     * @param targetType the entity type the reference must point to
     * @return the resolved reference, or the reference unchanged when it cannot be resolved
     */
    Ref resolve(String attribute, EntityType targetType, Ref ref);
}
