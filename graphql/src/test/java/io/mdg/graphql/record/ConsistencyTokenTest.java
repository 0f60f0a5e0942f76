package io.mdg.graphql.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.mdg.api.error.ErrorCode;
import io.mdg.api.submission.SubmissionOutcome;
import io.mdg.api.submission.SubmissionResult;
import io.mdg.graphql.error.ApiException;

class ConsistencyTokenTest {

    @Test
    void a_submissions_token_names_its_record_and_version_and_is_read_back_for_that_record_only() {
        SubmissionResult result = new SubmissionResult(SubmissionOutcome.CREATED, "rec-1:a", List.of(), List.of())
                .withVersion(7);

        String token = ConsistencyToken.of(result);

        assertThat(ConsistencyToken.parse(token, "rec-1:a")).isEqualTo(new ConsistencyToken("rec-1:a", 7));
        assertThatThrownBy(() -> ConsistencyToken.parse(token, "rec-2"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.VALIDATION_FAILED));
    }

    @Test
    void a_rejected_submission_has_no_token_and_anything_else_sent_as_one_is_refused() {
        assertThat(ConsistencyToken.of(SubmissionResult.rejected(null, List.of()))).isNull();
        for (String bad : List.of("", "not base64!", "djE6eDpyZWM", "Zm9vOjE6cmVj")) {
            assertThatThrownBy(() -> ConsistencyToken.parse(bad, "rec"))
                    .as(bad).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code())
                            .isEqualTo(ErrorCode.VALIDATION_FAILED));
        }
    }
}
