package io.mdg.api.changerequest;

/** What a change request asks to do once approved. */
public enum ChangeAction {
    /** Apply changed attribute values (a source's high-risk change or a steward's proposal). */
    ATTRIBUTES,
    /** Change the record's lifecycle status (e.g. retire it), under the lifecycle rules as they hold at approval. */
    LIFECYCLE,
    /** Merge the record (a duplicate) into a survivor: its source records move there and it is retired. */
    MERGE
}
