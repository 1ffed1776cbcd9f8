package org.sparkfit.datasets;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;

/**
 * A source of text files holding one example per line, of which each part reads its own byte range
 * ({@link RowSplit}): a file's size bounds its records, and a gzip file is read whole by every part.
 */
interface LineSource extends BlockSource {

    /** The file, or the directory of part files, read. */
    String path();

    @Override
    default String describe() {
        return path();
    }

    @Override
    default long maxRecords(Configuration conf) throws IOException {
        return RowSplit.maxLines(path(), conf);
    }

    @Override
    default String readWholeByEveryPart(Configuration conf) throws IOException {
        return RowSplit.readWholeByEveryPart(path(), conf);
    }
}
