package io.mdg.query.xref;

import io.mdg.query.support.ReadModels;

class MemoryCrossReferenceProjectionTest extends CrossReferenceProjectionContract {

    @Override
    ReadModels start() {
        return ReadModels.memory();
    }
}
