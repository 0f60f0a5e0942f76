package io.mdg.graphql.submission;

import java.util.ArrayList;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.model.ItemAttributes;
import io.mdg.api.model.ItemClass;
import io.mdg.api.model.MriSafety;
import io.mdg.api.model.PackagingLevel;
import io.mdg.api.model.Ref;
import io.mdg.api.model.UdiAgency;
import io.mdg.api.submission.FieldError;

/** The GraphQL input {@code ItemSubmissionInput}. */
public record ItemSubmissionInput(String sourceId, Long sourceVersion, String description, Ref manufacturer,
                                  String manufacturerPartNumber, String udiDi, UdiAgency udiAgency, String hibcCode,
                                  String unspsc, ItemClass itemClass, List<PackagingLevel> packaging, Boolean sterile,
                                  Boolean latex, Boolean implantable, MriSafety mriSafety,
                                  String idempotencyKey) implements SubmissionInput {

    @Override
    public EntityType type() {
        return EntityType.ITEM;
    }

    @Override
    public ItemAttributes attributes() {
        return new ItemAttributes(description, manufacturer, manufacturerPartNumber, udiDi, udiAgency, hibcCode,
                unspsc, itemClass, packaging, sterile, latex, implantable, mriSafety);
    }

    @Override
    public List<FieldError> inputErrors() {
        List<FieldError> errors = new ArrayList<>();
        InputChecks.reference("manufacturer", manufacturer, errors);
        InputChecks.noNulls("packaging", packaging, errors);
        return errors;
    }
}
