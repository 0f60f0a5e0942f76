package io.mdg.api.quality;

/**
 * The data-quality report of the golden records. Answers a {@link DataQualityReport}; the query side computes it by
 * one scan of the read models and keeps it for a short time (see {@link DataQualityReport#computedAt()}).
 */
public record DataQualityQuery() {
}
