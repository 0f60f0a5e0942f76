package io.mdg.api.model;

/** Where a contract's terms come from: a group purchasing organisation, or negotiated locally / by the network. */
public enum ContractType {
    GPO,
    LOCAL
}
