package io.mdg.api.submission;

/** The result for one submitted attribute. {@code code} and {@code message} explain anything but APPLIED. */
public record AttributeResult(String attribute, AttributeStatus status, String code, String message) {

    public static AttributeResult of(String attribute, AttributeStatus status) {
        return new AttributeResult(attribute, status, null, null);
    }
}
