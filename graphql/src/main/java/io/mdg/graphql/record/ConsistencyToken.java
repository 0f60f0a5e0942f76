package io.mdg.graphql.record;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.error.ApiException;

/**
 * Read-your-write on any node: a submission answers a token naming the golden record and its version once the
 * submission is applied; a read of that record given the token waits until the node's read view holds that version
 * (or a later one). Opaque to clients: base64url of {@code v1:<version>:<golden id>}.
 *
 * @param recordId the golden record
 * @param version  its version once the write is applied ({@code RecordView#version})
 */
public record ConsistencyToken(String recordId, long version) {

    private static final String PREFIX = "v1:";

    /** The token of a submission's answer, or null when no golden record decided it. */
    public static String of(SubmissionResult result) {
        return result.goldenId() == null || result.version() == null ? null
                : new ConsistencyToken(result.goldenId(), result.version()).encoded();
    }

    public String encoded() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + version + ":" + recordId).getBytes(StandardCharsets.UTF_8));
    }

    /** The token a client sent with a read of {@code recordId}; refused when it is not one, or another record's. */
    public static ConsistencyToken parse(String token, String recordId) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = text.indexOf(':', PREFIX.length());
            if (text.startsWith(PREFIX) && colon > PREFIX.length()) {
                ConsistencyToken parsed = new ConsistencyToken(text.substring(colon + 1),
                        Long.parseLong(text.substring(PREFIX.length(), colon)));
                if (!parsed.recordId().equals(recordId)) {
                    throw new ApiException(ErrorCode.VALIDATION_FAILED,
                            "consistencyToken is of another record than " + recordId);
                }
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // not base64, or not a number: refused below
        }
        throw new ApiException(ErrorCode.VALIDATION_FAILED,
                "consistencyToken is not a token a submission answered");
    }
}
