package io.mdg.query.quality;

import io.mdg.query.support.ReadModels;

class MemoryDataQualityCalculatorTest extends DataQualityCalculatorContract {

    @Override
    ReadModels start() {
        return ReadModels.memory();
    }
}
