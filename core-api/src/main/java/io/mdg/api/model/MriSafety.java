package io.mdg.api.model;

/** MRI safety labelling (ASTM F2503). An implantable device without it is treated as MR_UNSAFE and flagged. */
public enum MriSafety {
    MR_SAFE,
    MR_CONDITIONAL,
    MR_UNSAFE
}
