package io.mdg.api.quality;

/** A required attribute and how many records lack it. */
public record AttributeGap(String attribute, long missing) {
}
