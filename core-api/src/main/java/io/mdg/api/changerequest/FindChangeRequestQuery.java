package io.mdg.api.changerequest;

/** One change request. Answers {@code Optional<ChangeRequestView>}. */
public record FindChangeRequestQuery(String changeRequestId) {
}
