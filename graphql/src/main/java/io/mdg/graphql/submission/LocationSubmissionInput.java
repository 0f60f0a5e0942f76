package io.mdg.graphql.submission;

import java.util.ArrayList;
import java.util.List;

import io.mdg.api.EntityType;
import io.mdg.api.model.Address;
import io.mdg.api.model.LocationAttributes;
import io.mdg.api.model.LocationType;
import io.mdg.api.model.Ref;
import io.mdg.api.model.ReplenishmentMethod;
import io.mdg.api.model.StorageCondition;
import io.mdg.api.submission.FieldError;

/** The GraphQL input {@code LocationSubmissionInput}. */
public record LocationSubmissionInput(String sourceId, Long sourceVersion, String name, LocationType locationType,
                                      Ref parent, String gln, String hin, Address address, String costCentre,
                                      StorageCondition storageCondition, ReplenishmentMethod replenishmentMethod,
                                      String idempotencyKey)
        implements SubmissionInput {

    @Override
    public EntityType type() {
        return EntityType.LOCATION;
    }

    @Override
    public LocationAttributes attributes() {
        return new LocationAttributes(name, locationType, parent, gln, hin, address, costCentre, storageCondition,
                replenishmentMethod);
    }

    @Override
    public List<FieldError> inputErrors() {
        List<FieldError> errors = new ArrayList<>();
        InputChecks.reference("parent", parent, errors);
        return errors;
    }
}
