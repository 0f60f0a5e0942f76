package io.mdg.api.record;

/**
 * A command to one golden record, handled by the record itself (the command side's aggregate): routed by
 * {@link #recordId()}. The internal ones among them are sent by the command side's own handlers after the
 * set-based checks (lookups across records) that no single record can make.
 */
public interface RecordCommand {

    /** The golden record the command is for. */
    String recordId();
}
