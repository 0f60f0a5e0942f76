package io.mdg.query.quality;

import io.mdg.query.support.ReadModels;

class MongoDataQualityCalculatorTest extends DataQualityCalculatorContract {

    @Override
    ReadModels start() {
        return ReadModels.mongo();
    }
}
