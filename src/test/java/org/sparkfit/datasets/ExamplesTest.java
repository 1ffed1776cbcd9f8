package org.sparkfit.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ExamplesTest {
    @Test
    void scaleByMultipliesEveryFeatureInPlaceAndLeavesLabelsAlone() {
        float[] features = {0, 51, 255, 102, 204, 25.5f};
        float[] labels = {3, 7};
        Examples data = new Examples(2, 3, features, labels);
        assertSame(data, data.scaleBy(1f / 255));
        assertArrayEquals(new float[] {0, 0.2f, 1, 0.4f, 0.8f, 0.1f}, data.features(), 1e-6f);
        assertArrayEquals(new float[] {3, 7}, data.labels());
    }
}
