package io.mdg.api.changerequest;

/** A command to one change request, handled by the request itself: routed by {@link #changeRequestId()}. */
public interface ChangeRequestCommand {

    /** The change request the command is for. */
    String changeRequestId();
}
