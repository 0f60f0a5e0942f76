package io.mdg.query.record;

import io.mdg.query.support.ReadModels;

class MemoryRecordReadQueriesTest extends RecordReadQueriesContract {

    @Override
    ReadModels start() {
        return ReadModels.memory();
    }
}
