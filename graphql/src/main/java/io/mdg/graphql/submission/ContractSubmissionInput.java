package io.mdg.graphql.submission;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.model.ContractAttributes;
import io.mdg.api.model.ContractLine;
import io.mdg.api.model.ContractType;
import io.mdg.api.model.Ref;
import io.mdg.api.submission.FieldError;

/** The GraphQL input {@code ContractSubmissionInput}; each line's {@code item} is a {@code RefInput}. */
public record ContractSubmissionInput(String sourceId, Long sourceVersion, String contractNumber, Ref supplier,
                                      ContractType contractType, String tier, LocalDate effectiveFrom,
                                      LocalDate effectiveTo, List<ContractLine> lines,
                                      String idempotencyKey) implements SubmissionInput {

    @Override
    public EntityType type() {
        return EntityType.CONTRACT;
    }

    @Override
    public ContractAttributes attributes() {
        return new ContractAttributes(contractNumber, supplier, contractType, tier, effectiveFrom, effectiveTo, lines);
    }

    @Override
    public List<FieldError> inputErrors() {
        List<FieldError> errors = new ArrayList<>();
        InputChecks.reference("supplier", supplier, errors);
        InputChecks.noNulls("lines", lines, errors);
        if (lines != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i) != null) {
                    InputChecks.reference("lines[" + i + "].item", lines.get(i).item(), errors);
                }
            }
        }
        return errors;
    }
}
