package io.mdg.query.xref;

import io.mdg.query.support.ReadModels;

class MongoCrossReferenceProjectionTest extends CrossReferenceProjectionContract {

    @Override
    ReadModels start() {
        return ReadModels.mongo();
    }
}
