package io.mdg.graphql.changerequest;

/** The GraphQL type {@code AttributeChange}: values as compact JSON, null when there is none. */
public record AttributeChange(String attribute, String before, String after) {
}
