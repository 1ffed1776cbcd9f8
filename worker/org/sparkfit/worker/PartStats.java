package org.sparkfit.worker;

import java.io.Serializable;
import org.sparkfit.datasets.DataSource;
import org.sparkfit.datasets.Standardization;

/**
 * What the driver learns of a part from the read that keeps it, so that nothing reads the data again for it: the
 * statistics of its labels (the baselines) and, when a standardization is to be fitted, the moments of its features.
 */
public final class PartStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LabelStats labels;
    private final boolean gatherMoments;
    private Standardization.Moments moments;

    /**
     * What a read gathers.
     *
     * @param labelReference where label deviations are measured from: the training set's mean label, for the
     *                       held-out set's mean-predictor baseline
     * @param moments        whether the features' moments are gathered, to fit a standardization on
     */
    public record Wanted(double labelReference, boolean moments) implements Serializable {
        /** Label statistics only (none for data without labels). */
        public static final Wanted LABELS = new Wanted(0, false);
    }

    /** @param classes labels index this many classes (0: real-valued; -1: the data has no labels) */
    PartStats(int classes, Wanted wanted) {
        this.labels = classes < 0 ? null : new LabelStats(classes, wanted.labelReference());
        this.gatherMoments = wanted.moments();
    }

    /** {@code next}, with each block it is handed added to these statistics first. */
    DataSource.Blocks gathering(DataSource.Blocks next) {
        return next.afterEach(block -> {
            if (labels != null) {
                labels.add(block);
            }
            if (gatherMoments) {
                if (moments == null) {
                    moments = new Standardization.Moments(block.width());
                }
                moments.add(block);
            }
            return block;
        });
    }

    /** The labels' statistics; null when the data has no labels. */
    public LabelStats labels() {
        return labels;
    }

    /** The features' moments; null unless they were wanted (or the part holds no rows). */
    public Standardization.Moments moments() {
        return moments;
    }
}
