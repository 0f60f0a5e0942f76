package io.mdg.query.duplicates;

import io.mdg.query.support.ReadModels;

class MongoDuplicateCandidateQueriesTest extends DuplicateCandidateQueriesContract {

    @Override
    ReadModels start() {
        return ReadModels.mongo();
    }
}
