package io.mdg.api.changerequest;

import java.util.Objects;

/**
 * Internal: a change request opens as {@code opened} says (what a golden record held, or a steward's lifecycle change
 * or merge that needs approval) and schedules its deadline. Answers its id.
 */
public record OpenChangeRequestCommand(ChangeRequestOpenedEvent opened) implements ChangeRequestCommand {

    public OpenChangeRequestCommand {
        Objects.requireNonNull(opened, "opened");
    }

    @Override
    public String changeRequestId() {
        return opened.changeRequestId();
    }
}
