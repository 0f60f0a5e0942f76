package io.mdg.query.duplicates;

import io.mdg.query.support.ReadModels;

class MemoryDuplicateCandidateQueriesTest extends DuplicateCandidateQueriesContract {

    @Override
    ReadModels start() {
        return ReadModels.memory();
    }
}
