package org.sparkfit.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparkfit.datasets.Examples;
import org.sparkfit.datasets.IdxSource;
import org.sparkfit.datasets.Preprocessing;
import org.sparkfit.datasets.Standardization;
import org.sparkfit.testing.FashionSlice;
import org.sparkfit.testing.SharedSpark;
import org.sparkfit.worker.LabelStats;
import org.sparkfit.worker.PartStats;
import org.sparkfit.worker.cache.DataCache;

/** The executors' cache of a data set, as Spark's own storage accounting sees it. */
class PartitionedDataTest {
    @TempDir
    Path dir;

    @Test
    void fashionMnistIsCachedAsItsPixelBytesAndPreprocessedOnlyWhenCopiedOut() throws Exception {
        int rows = 4000;
        FashionSlice.write(dir, "train", rows);
        IdxSource source = new IdxSource(dir.resolve("train-images-idx3-ubyte").toString(),
                dir.resolve("train-labels-idx1-ubyte").toString());
        Preprocessing scaled = new Preprocessing(255, null, null);
        try (PartitionedData data = PartitionedData.read(SharedSpark.context(), "data.train", source, 2, 10,
                scaled, DataCache.MEMORY, PartStats.Wanted.LABELS)) {
            RDDInfo cached = Arrays.stream(SharedSpark.context().sc().getRDDStorageInfo())
                    .filter(info -> info.numCachedPartitions() == 2 && info.name().equals(data.rdd().name()))
                    .findFirst().orElseThrow();
            long pixels = (long) rows * 784;
            // Bytes: the pixels themselves, plus labels and object overhead; as floats it would be 4x the pixels.
            assertTrue(cached.memSize() >= pixels && cached.memSize() < pixels * 1.1, cached.memSize() + " bytes for "
                    + pixels + " pixels");
            Examples first = data.rdd().first().block(0);
            Examples expected = source.read(new Configuration(), 0, 2, 10);
            float[] scaledPixels = expected.features();
            for (int i = 0; i < scaledPixels.length; i++) {
                scaledPixels[i] *= (float) (1.0 / 255);
            }
            assertArrayEquals(scaledPixels, first.features());
            assertEquals(rows / 2, first.rows());
        }
    }

    @Test
    void theReadGathersTheLabelsStatisticsAndTheFeaturesMomentsOfEveryPart() throws Exception {
        FashionSlice.write(dir, "train", 900);
        IdxSource source = new IdxSource(dir.resolve("train-images-idx3-ubyte").toString(),
                dir.resolve("train-labels-idx1-ubyte").toString());
        Preprocessing scaled = new Preprocessing(255, null, null);
        Examples whole = source.read(new Configuration(), 0, 1, 10).scaledBy((float) (1.0 / 255));
        for (DataCache cache : new DataCache[] {DataCache.MEMORY, DataCache.DISK}) {
            try (PartitionedData data = PartitionedData.read(SharedSpark.context(), "data.train", source, 3, 10,
                    scaled, cache, new PartStats.Wanted(4.5, true))) {
                Standardization expected = new Standardization.Moments(whole).fit();
                Standardization fitted = data.fitStandardization();
                assertArrayEquals(expected.mean(), fitted.mean(), 1e-6f, cache + " mean");
                assertArrayEquals(expected.std(), fitted.std(), 1e-6f, cache + " std");
                LabelStats labels = data.labels();
                LabelStats direct = new LabelStats(10, 4.5).add(whole);
                assertEquals(900, labels.count());
                assertEquals(direct.majorityClass(), labels.majorityClass());
                assertEquals(direct.fraction(direct.majorityClass()), labels.fraction(labels.majorityClass()));
                assertEquals(direct.meanAbsoluteDeviation(), labels.meanAbsoluteDeviation(), 1e-9);
                assertEquals(direct.meanSquaredDeviation(), labels.meanSquaredDeviation(), 1e-9);
                assertEquals(labels.count(), data.labels().count(), "asking twice counts once");
            }
        }
    }
}
