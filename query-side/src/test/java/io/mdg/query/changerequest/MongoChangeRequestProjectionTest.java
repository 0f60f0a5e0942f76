package io.mdg.query.changerequest;

import io.mdg.query.support.ReadModels;

class MongoChangeRequestProjectionTest extends ChangeRequestProjectionContract {

    @Override
    ReadModels start() {
        return ReadModels.mongo();
    }
}
