package io.mdg.api.ops;

/** The rebuild progress of every projection's processing group. Answers a {@link ReplayReport}. */
public record ReplayStatusQuery() {
}
