package io.mdg.api.model;

/**
 * A reference from one record to another golden record: either the golden {@code id}, or the submitting source
 * system's own {@code sourceId} for the referenced record, which the command side resolves through the
 * cross-reference. Golden records store only resolved references ({@code id} set, {@code sourceId} null).
 */
public record Ref(String id, String sourceId) {

    public static Ref to(String goldenId) {
        return new Ref(goldenId, null);
    }

    public static Ref bySource(String sourceId) {
        return new Ref(null, sourceId);
    }

    public boolean resolved() {
        return id != null && sourceId == null;
    }
}
