package io.mdg.graphql.changerequest;

import java.util.ArrayList;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.error.ErrorCode;
import io.mdg.graphql.error.ApiException;
import io.mdg.graphql.submission.ContractSubmissionInput;
import io.mdg.graphql.submission.ItemSubmissionInput;
import io.mdg.graphql.submission.LocationSubmissionInput;
import io.mdg.graphql.submission.SubmissionInput;
import io.mdg.graphql.submission.SupplierSubmissionInput;

/**
 * The GraphQL input {@code ProposeChangeInput}. The {@code XxxChangeInput}s are the submission inputs without the
 * source's id and version, so they bind to the submission input records (source id and version left null) and share
 * their mapping to attributes and their shape checks.
 */
public record ProposeChangeInput(EntityType type, String recordId, String reason, SupplierSubmissionInput supplier,
                                 ItemSubmissionInput item, ContractSubmissionInput contract,
                                 LocationSubmissionInput location) {

    /** The one attributes input, matching {@code type}; refused (VALIDATION_FAILED) otherwise. */
    public SubmissionInput changes() {
        List<SubmissionInput> given = new ArrayList<>();
        for (SubmissionInput in : new SubmissionInput[]{supplier, item, contract, location}) {
            if (in != null) {
                given.add(in);
            }
        }
        if (given.size() != 1) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "exactly one of supplier, item, contract, location is required");
        }
        SubmissionInput in = given.get(0);
        if (in.type() != type) {
            throw new ApiException(ErrorCode.VALIDATION_FAILED,
                    "a " + type + " change needs `" + type.name().toLowerCase() + "`, not `"
                            + in.type().name().toLowerCase() + "`");
        }
        return in;
    }
}
