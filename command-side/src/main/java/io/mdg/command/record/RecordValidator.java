package io.mdg.command.record;

import java.util.List;

import io.mdg.api.model.MasterAttributes;
import io.mdg.rules.Violation;

/** Checks the golden record that a submission would result in (record rules, references, unique identifiers). */
@FunctionalInterface
public interface RecordValidator {

    List<Violation> validate(MasterAttributes resulting, boolean isNew);
}
