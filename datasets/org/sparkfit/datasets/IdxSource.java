package org.sparkfit.datasets;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * A pair of IDX files, images and labels, as MNIST and Fashion-MNIST ship them; labels may be absent for prediction
 * input. Each part is a contiguous record range: a plain file seeks to it, a gzip file is decompressed up to it.
 */
public final class IdxSource implements BlockSource {
    private static final long serialVersionUID = 1L;

    private final String images;
    private final String labels;

    /** @param labels the label file, or null for unlabeled input */
    public IdxSource(String images, String labels) {
        this.images = images;
        this.labels = labels;
    }

    @Override
    public String describe() {
        return labels == null ? images : images + " + " + labels;
    }

    @Override
    public DataShape inspect(Configuration conf) throws IOException {
        IdxHeader imageHeader = new IdxReader(images, conf).header();
        if (labels != null) {
            IdxHeader labelHeader = labelHeader(conf);
            if (labelHeader.records() != imageHeader.records()) {
                throw new DataFormatException(images + ": holds " + imageHeader.records() + " images but " + labels
                        + " holds " + labelHeader.records() + " labels; the two files must match record for record");
            }
        }
        return new DataShape(imageHeader.records(), imageHeader.recordShape());
    }

    private IdxHeader labelHeader(Configuration conf) throws IOException {
        IdxHeader header = new IdxReader(labels, conf).header();
        if (header.recordElements() != 1) {
            throw new DataFormatException(labels + ": a label file holds one value per record, this one holds "
                    + header.recordElements() + "; check that images and labels are not swapped");
        }
        return header;
    }

    /** Streams the part's records from one open range of each file; an empty part is one empty block. */
    @Override
    public void read(Configuration conf, int part, int parts, int classes, long blockBytes, Blocks blocks)
            throws IOException {
        IdxReader imageReader = new IdxReader(images, conf);
        IdxHeader imageHeader = imageReader.header();
        PartRange range = PartRange.of(imageHeader.records(), part, parts);
        IdxHeader labelHeader = labels == null ? null : labelHeader(conf);
        if (labelHeader != null && labelHeader.records() != imageHeader.records()) {
            throw new DataFormatException(labels + ": holds " + labelHeader.records() + " labels for "
                    + imageHeader.records() + " images");
        }
        int width = imageHeader.recordElements();
        long valueBytes = imageHeader.unsignedBytes() ? 1 : Float.BYTES;
        int blockRows = (int) Math.max(1, Math.min(range.end() - range.start(),
                blockBytes / Math.max(1, valueBytes * width)));
        blocks.expect(range.end() - range.start());
        try (IdxReader.Records imageRecords = imageReader.open(imageHeader, range.start(), range.size());
             IdxReader.Records labelRecords = labelHeader == null ? null
                     : new IdxReader(labels, conf).open(labelHeader, range.start(), range.size())) {
            do {
                long first = imageRecords.position();
                FeatureValues features = imageRecords.next(blockRows);
                if (imageHeader.floatingPoint()) {
                    for (int i = 0; i < features.length(); i++) {
                        int at = i;
                        DataSource.checkFeature(features.get(i), images, () -> "record " + (first + at / width),
                                () -> "value " + (at % width) + " is " + features.get(at));
                    }
                }
                float[] labelValues = labelRecords == null ? null : labelRecords.next(blockRows).toFloats();
                for (int i = 0; labelValues != null && i < labelValues.length; i++) {
                    int at = i;
                    DataSource.checkLabel(labelValues[i], classes, labels, () -> "record " + (first + at));
                }
                blocks.accept(new Examples((int) (imageRecords.position() - first), width, features, labelValues,
                        first, 1));
            } while (imageRecords.position() < range.end());
        }
    }
}
