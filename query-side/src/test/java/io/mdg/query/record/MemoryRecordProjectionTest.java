package io.mdg.query.record;

import io.mdg.query.support.ReadModels;

class MemoryRecordProjectionTest extends RecordProjectionContract {

    @Override
    ReadModels start() {
        return ReadModels.memory();
    }
}
