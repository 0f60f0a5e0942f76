package io.mdg.query.changerequest;

import io.mdg.query.support.ReadModels;

class MemoryChangeRequestProjectionTest extends ChangeRequestProjectionContract {

    @Override
    ReadModels start() {
        return ReadModels.memory();
    }
}
